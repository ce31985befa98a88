/** The Agora RTM family (seed 003): what steps/agora-rtm.steps.ts calls. */
export * from './rtm-client';
