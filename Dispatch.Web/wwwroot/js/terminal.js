// Alert tones, repeating alarms and system notifications for the console and the department
// terminals, made with WebAudio (no sound files). Browsers only allow sound after the user has
// touched the page, so the first click anywhere unlocks it.
window.dispatchTerminal = (() => {
  let context = null;
  let alarmTimer = null;
  const unlock = async () => {
    try {
      context ??= new AudioContext();
      await context.resume();
    } catch {
      // No audio device: the flashing card still shows.
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
  const tunes = {
    summons: [660, 880, 1100, 660, 880, 1100], // three rising tones, twice
    urge: [880, 660],
    ack: [1320],
  };
  const play = (kind) => {
    if (context?.state !== 'running') {
      return false;
    }
    (tunes[kind] ?? tunes.urge).forEach((f, i) => tone(f, i * 0.22, 0.18));
    return true;
  };
  return {
    unlock,
    enabled: () => context?.state === 'running',
    play,
    // Rings every 5 s until a pending summons is acknowledged (the page turns it off).
    alarm: (on) => {
      if (on && alarmTimer === null) {
        play('summons');
        alarmTimer = setInterval(() => play('summons'), 5000);
        document.documentElement.dataset.alarm = 'on';
      } else if (!on && alarmTimer !== null) {
        clearInterval(alarmTimer);
        alarmTimer = null;
        delete document.documentElement.dataset.alarm;
      }
    },
    askNotifications: async () => {
      if ('Notification' in window && Notification.permission === 'default') {
        try { await Notification.requestPermission(); } catch { /* refused or not allowed here */ }
      }
    },
    notificationState: () => ('Notification' in window ? Notification.permission : 'unsupported'),
    // Only when the tab is in the background: in front, the card and the tone do the work.
    notify: (title, body, tag) => {
      if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') {
        return false;
      }
      const n = new Notification(title, { body, tag, icon: '/icons/icon-192.png', requireInteraction: true });
      n.onclick = () => { window.focus(); n.close(); };
      return true;
    },
  };
})();
