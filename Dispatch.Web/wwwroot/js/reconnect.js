// The 9.0 client script (see Build/BlazorScript.targets) drives the reconnect modal by classes.
// Nobody may be at the screen (the wall), so the page heals itself:
// - rejected: the server is up but no longer knows the circuit (it restarted): reload now;
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
  new MutationObserver(() => {
    if (modal.classList.contains('components-reconnect-rejected')) {
      location.reload();
    } else if (modal.classList.contains('components-reconnect-failed')) {
      reloadWhenUp();
    }
  }).observe(modal, { attributes: true, attributeFilter: ['class'] });
})();
