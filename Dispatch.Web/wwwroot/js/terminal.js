// Alert tones for department terminals, made with WebAudio (no sound files). Browsers only
// allow sound after the user has touched the page, so the first click anywhere unlocks it.
window.dispatchTerminal = (() => {
  let context = null;
  const unlock = async () => {
    try {
      context ??= new AudioContext();
      await context.resume();
    } catch {
      // No audio device: the flashing banner still shows.
    }
    return context?.state === 'running';
  };
  document.addEventListener('click', unlock);
  const tone = (frequency, start, length) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, context.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.25, context.currentTime + start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + start + length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(context.currentTime + start);
    oscillator.stop(context.currentTime + start + length + 0.05);
  };
  return {
    unlock,
    enabled: () => context?.state === 'running',
    // 'summons': three rising tones, repeated; 'urge': two tones.
    play: (kind) => {
      if (context?.state !== 'running') {
        return false;
      }
      const notes = kind === 'summons' ? [660, 880, 1100, 660, 880, 1100] : [880, 660];
      notes.forEach((f, i) => tone(f, i * 0.22, 0.18));
      return true;
    },
  };
})();
