// The percentiles the Frames view asks for its automatic limits. The limits and the histogram of
// the valid pixels come with each frame from the server (`IImageFrame.limits`, `.histogram`).

export const DEFAULT_PERCENTILES: [number, number] = [0.5, 99.9];
