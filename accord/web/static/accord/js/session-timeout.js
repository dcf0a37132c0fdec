// Warns a signed-in person before their session times out, and lets them stay signed in.
//
// The MOJ / HMRC timeout-warning pattern, in Accord's own few lines. The server ends an idle
// session by itself (SessionTimeoutMiddleware), so nothing depends on this script: it only
// warns in time. The page says how many seconds the session has left (data-expires-in) and when
// to warn (data-warn-before). Then:
//
//   - before warning, it asks the server how long is left (a GET to the keep-alive address,
//     which does not count as activity): work in another tab may have kept the session going;
//   - a modal <dialog> opens with its "Stay signed in" button focused; the countdown shows every
//     second, and screen readers hear it now and then (an aria-live region);
//   - "Stay signed in" (or Escape) POSTs to the keep-alive address, which counts as activity,
//     and the dialog closes, returning focus to where it was;
//   - when the time runs out (checked with the server once more), the hidden form signs the
//     person out and the page says why.
//
// Loaded as a module by templates/web/_session_timeout.html; a file, never inline, for the CSP.

const dialog = document.querySelector('[data-module="accord-session-timeout"]');

if (dialog && typeof dialog.showModal === "function") {
  const warnBefore = Number(dialog.dataset.warnBefore) * 1000;
  const keepAliveUrl = dialog.dataset.keepAliveUrl;
  const countdown = dialog.querySelector("[data-accord-timeout-countdown]");
  const announce = dialog.querySelector("[data-accord-timeout-announce]");
  const stay = dialog.querySelector("[data-accord-timeout-stay]");
  const endForm = dialog.querySelector("[data-accord-timeout-end]");
  const token = endForm.querySelector('input[name="csrfmiddlewaretoken"]').value;

  let endsAt = Date.now() + Number(dialog.dataset.expiresIn) * 1000;
  let returnFocusTo = null;
  let lastAnnounced = null;
  let busy = false;
  let ending = false;

  // The words in the page's language: a Welsh page gives its own (data-i18n-*, from the
  // catalogue; %{count} is the number), an English one uses these.
  const said = (name, english, count) =>
    (dialog.dataset[name] || english).replace("%{count}", String(count));

  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds > 60) {
      const minutes = Math.ceil(seconds / 60);
      return said("i18nMinutes", "%{count} minutes", minutes);
    }
    if (seconds === 60) return said("i18nMinute", "%{count} minute", 1);
    if (seconds === 1) return said("i18nSecond", "%{count} second", 1);
    return said("i18nSeconds", "%{count} seconds", seconds);
  };

  // Screen readers hear the time when the dialog opens, at each whole minute, and at 30 and 10
  // seconds: often enough to act on, not so often that it drowns everything else out.
  const announceAt = (ms) => {
    const seconds = Math.ceil(ms / 1000);
    let mark = "s10";
    if (seconds > 60) mark = `m${Math.ceil(seconds / 60)}`;
    else if (seconds > 30) mark = "s60";
    else if (seconds > 10) mark = "s30";
    if (mark !== lastAnnounced) {
      lastAnnounced = mark;
      announce.textContent = said("i18nAnnounce", "We will sign you out in %{count}.", words(ms));
    }
  };

  const request = async (method) => {
    const response = await fetch(keepAliveUrl, {
      method,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`keep-alive answered ${response.status}`);
    const answer = await response.json();
    endsAt = Date.now() + Number(answer.expires_in) * 1000;
  };

  const end = () => {
    if (ending) return;
    ending = true;
    endForm.submit();
  };

  const open = () => {
    if (dialog.open) return;
    returnFocusTo = document.activeElement;
    lastAnnounced = null;
    dialog.showModal();
    stay.focus();
  };

  const close = () => {
    if (dialog.open) dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
    returnFocusTo = null;
  };

  // Ask the server how long is really left before warning or ending.
  const check = async () => {
    busy = true;
    try {
      await request("GET");
    } catch (error) {
      endsAt = Math.min(endsAt, Date.now()); // signed out already (401), or unreachable
    } finally {
      busy = false;
    }
  };

  const tick = async () => {
    if (busy || ending) return;
    let left = endsAt - Date.now();
    const warned = dialog.open;
    if ((left <= warnBefore && !warned) || left <= 0) {
      await check();
      left = endsAt - Date.now();
    }
    if (left <= 0) {
      end();
    } else if (left <= warnBefore) {
      open();
      countdown.textContent = words(left);
      announceAt(left);
    } else if (dialog.open) {
      close(); // another tab kept the session going
    }
  };

  const staySignedIn = async () => {
    busy = true;
    try {
      await request("POST");
      close();
    } catch (error) {
      end();
    } finally {
      busy = false;
    }
  };

  stay.addEventListener("click", staySignedIn);
  dialog.addEventListener("cancel", (event) => {
    // Escape means "stay signed in", as in the HMRC pattern: it must not just hide the warning.
    event.preventDefault();
    staySignedIn();
  });

  window.setInterval(tick, 1000);
  tick();
}
