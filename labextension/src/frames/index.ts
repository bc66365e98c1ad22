// The Frames view of diffraction image stacks: one component and its predicate.
export { FramesView } from './FramesView';
export type { IFramesViewProps } from './FramesView';
export { frameStack, isFrameStack, prefersFrames, stackPathOf } from './stack';
export type { IFrameStack } from './stack';
