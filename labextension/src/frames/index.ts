// The Frames view of diffraction image stacks: one component and its predicate.
export { FramesView } from './FramesView';
export type { IFramesViewProps } from './FramesView';
export { frameStack, isFrameStack, stackPathOf } from './stack';
export { framesFit, hasDiffractionGeometry } from './choice';
export type { FramesFit } from './choice';
export type { IFrameStack } from './stack';
export { openingFrameImage } from './useFrames';
export type { IDrawArea } from './useFrames';
