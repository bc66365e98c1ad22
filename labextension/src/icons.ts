import { LabIcon } from '@jupyterlab/ui-components';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><g class="jp-icon3" fill="#616161"><path d="M4 4h4l4 7V4h3v16h-4L7 13v7H4z"/><path d="M17 8l2 4-2 4h2l2-4-2-4z"/></g></svg>`;

export const nxvizIcon = new LabIcon({ name: 'nxviz:file', svgstr: svg });
