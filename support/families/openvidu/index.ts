/** The OpenVidu family (seed 004): what steps/openvidu.steps.ts calls. */
export * from './faults-and-bands';
export * from './media';
export * from './session';
export * from './media-path';
