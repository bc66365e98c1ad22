// HDF5 and NeXus file types; fileFormat null keeps the document manager off the bytes.
import { DocumentRegistry } from '@jupyterlab/docregistry';

import { nxvizIcon } from './icons';

export const FILE_TYPES: Partial<DocumentRegistry.IFileType>[] = [
  {
    name: 'nxviz-nexus',
    displayName: 'NeXus file',
    extensions: ['.nxs', '.nx5', '.nxs5'],
    mimeTypes: ['application/x-hdf5'],
    contentType: 'file',
    fileFormat: null
  },
  {
    name: 'nxviz-hdf5',
    displayName: 'HDF5 file',
    extensions: ['.h5', '.hdf5', '.hdf'],
    mimeTypes: ['application/x-hdf5'],
    contentType: 'file',
    fileFormat: null
  },
  {
    name: 'nxviz-cxi',
    displayName: 'CXI file',
    extensions: ['.cxi'],
    mimeTypes: ['application/x-hdf5'],
    contentType: 'file',
    fileFormat: null
  }
];

export const FILE_TYPE_NAMES = FILE_TYPES.map(t => t.name as string);

export function withIcon(
  fileType: Partial<DocumentRegistry.IFileType>
): Partial<DocumentRegistry.IFileType> {
  return { ...fileType, icon: nxvizIcon };
}
