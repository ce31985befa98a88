/** The Agora RTC family (seeds 000, 001, 002): what steps/agora-rtc.steps.ts calls. */
export * from './channel';
export * from './process-kill';
export * from './server-channels';
