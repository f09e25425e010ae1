// .NET 10 reconnection (the pattern of the .NET 10 Blazor template): blazor.web.js raises
// components-reconnect-state-changed on #components-reconnect-modal; we show the state through
// data-state and heal the page ourselves, because nobody may be at the screen (the wall, a
// terminal on a counter):
// - rejected: the server is up but no longer knows the circuit (it restarted). A paused
//   circuit is resumed if the server still holds its state, otherwise the page reloads;
// - failed: the client gave up retrying (the server was down a while): poll /health and
//   reload once it answers, rather than reloading into a browser error page that has no script.
(() => {
  const modal = document.getElementById('components-reconnect-modal');
  if (!modal) {
    return;
  }
  let polling = false;
  const reloadWhenUp = async () => {
    if (polling) {
      return;
    }
    polling = true;
    for (;;) {
      try {
        const response = await fetch('/health', { cache: 'no-store' });
        if (response.ok) {
          location.reload();
          return;
        }
      } catch {
        // Still down.
      }
      await new Promise(resolve => setTimeout(resolve, 3000));
    }
  };
  const resumeOrReload = async () => {
    try {
      if (await Blazor.resumeCircuit()) {
        modal.dataset.state = 'hide';
        return;
      }
    } catch {
      // Fall through to a reload.
    }
    location.reload();
  };
  modal.addEventListener('components-reconnect-state-changed', event => {
    const state = event.detail.state;
    modal.dataset.state = state;
    if (state === 'rejected' || state === 'resume-failed') {
      location.reload();
    } else if (state === 'paused') {
      resumeOrReload();
    } else if (state === 'failed') {
      reloadWhenUp();
    }
  });
  const retry = modal.querySelector('[data-action="reload"]');
  retry?.addEventListener('click', event => {
    event.preventDefault();
    location.reload();
  });
})();

// Print buttons (receipts, notices, bulletins) carry data-print: the content policy allows no inline handlers.
document.addEventListener('click', event => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) {
    window.print();
  }
});
