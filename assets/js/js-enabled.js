// Marks the page as having JavaScript, before anything is drawn, so that components styled
// for JavaScript (and GOV.UK Frontend's support check) see the classes at once. Loaded as an
// ordinary script as the first child of <body>; it replaces GOV.UK's inline snippet, which a
// Content Security Policy without 'unsafe-inline' would block.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
