// The Frames view's colour scales and maps: shared with the volumes view (src/common/colour.ts).
export * from '../common/colour';
