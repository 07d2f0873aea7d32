import { announceDue } from './announce.js';
import type { PromotionsContext } from './context.js';
import { releaseLapsedReservations } from './redemptions.js';

/** One run of the timer: announce offers that have started, release reservations no order confirmed. */
export async function runTimerOnce(ctx: PromotionsContext): Promise<{ announced: number; released: number }> {
  const announced = await announceDue(ctx);
  const released = await releaseLapsedReservations(ctx);
  return { announced, released };
}

/**
 * Runs `runTimerOnce` every `timerIntervalMs`, one run at a time; `stop()` waits for the run in flight.
 * Several instances may run it at once: both jobs claim their rows in transactions.
 */
export function startTimer(ctx: PromotionsContext): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = runTimerOnce(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'promotions timer run failed'))
      .finally(() => {
        running = undefined;
      });
  }, ctx.settings.timerIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
