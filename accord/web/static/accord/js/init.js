// Starts GOV.UK Frontend's and MOJ Frontend's JavaScript on every page.
//
// Loaded as <script type="module"> by templates/govuk/base.html, so it runs once the page is
// parsed and only in browsers that GOV.UK Frontend supports. Every journey works without it:
// it only enhances (error summary focus, character counts, the navigation toggle, ...).
// Kept in a file, never inline, so a Content Security Policy with nonces needs no exceptions.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

for (const [name, init] of [
  ["GOV.UK Frontend", initGovukFrontend],
  ["MOJ Frontend", initMojFrontend],
]) {
  try {
    init();
  } catch (error) {
    // One library failing must not stop the other.
    console.error(`Accord: ${name} did not start`, error);
  }
}
