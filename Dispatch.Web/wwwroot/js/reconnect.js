// The 9.0 client script (see Build/BlazorScript.targets) drives the reconnect modal by classes.
// When the server no longer knows the circuit (restart), reload so the page comes back by itself.
(() => {
  const modal = document.getElementById('components-reconnect-modal');
  if (!modal) {
    return;
  }
  new MutationObserver(() => {
    if (modal.classList.contains('components-reconnect-rejected')) {
      location.reload();
    }
  }).observe(modal, { attributes: true, attributeFilter: ['class'] });
})();
