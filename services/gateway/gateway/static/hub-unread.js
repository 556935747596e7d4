// Progressive enhancement only: keeps the unread-notifications count on the page fresh. Without
// this file the page shows the count the server rendered.
//
// The element marked data-unread-count (its value is the address to ask) holds the sentence.
// The first request answers at once; each next one passes the last answer's checked_at as
// "after" and the server waits (up to 2.5 s, the API's long poll) for a newer notification.
const MIN_GAP_MS = 3000; // never ask more often than this, even when answers come at once
const MAX_FAILURES = 5;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const visible = () =>
  document.hidden
    ? new Promise((resolve) =>
        document.addEventListener("visibilitychange", resolve, { once: true }),
      )
    : Promise.resolve();

function sentence(count) {
  return `You have ${count} unread notification${count === 1 ? "" : "s"}.`;
}

async function keepFresh(shown, address) {
  let after = null;
  let failures = 0;
  while (failures < MAX_FAILURES) {
    const started = Date.now();
    const query = after ? `?after=${encodeURIComponent(after)}&wait=2.5` : "";
    try {
      const response = await fetch(address + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.status === 401) return; // signed out elsewhere: the next page says so
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await response.json();
      failures = 0;
      after = body.checked_at;
      const text = sentence(body.unread);
      if (shown.textContent.trim() !== text) shown.textContent = text;
    } catch {
      failures += 1;
      await pause(5000 * failures);
    }
    await pause(Math.max(0, MIN_GAP_MS - (Date.now() - started)));
    await visible();
  }
}

for (const shown of document.querySelectorAll("[data-unread-count]")) {
  keepFresh(shown, shown.dataset.unreadCount);
}
