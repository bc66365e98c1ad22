// User Timing marks of the viewer's path to a frame (nxviz:open, nxviz:root, nxviz:frame-in, …),
// for the browser's performance panel. Only the newest mark of each name is kept, so a stack
// played for hours does not fill the performance timeline.
export function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}
