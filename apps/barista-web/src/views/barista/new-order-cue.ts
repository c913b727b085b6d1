/**
 * A short two-note chime for a new order, made with Web Audio (no sound file to ship). Browsers
 * allow sound once the page has been interacted with (the sign-in); elsewhere it stays silent.
 */
let context: AudioContext | undefined;

export function playNewOrderCue(): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  try {
    context ??= new Context();
    const start = context.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, start + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.15 + 0.3);
      tone.connect(gain).connect(context.destination);
      tone.start(start + i * 0.15);
      tone.stop(start + i * 0.15 + 0.3);
    }
  } catch {
    // No audio device, or not allowed yet: the visual cue and the announcement remain.
  }
}
