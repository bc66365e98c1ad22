// The modes a dataset's view offers (ModeSwitch), and which one it opens in.
import { IChildMeta } from '../api/models';
import { ICubeContext } from '../xrf/predicate';
import { IStackModes, stackModes } from './framesChoice';
import { ViewChoice } from './models';
import { dtypeKind, isNumericKind } from '../common/dtype';

/** A numeric (…, H, W, 3) dataset, which can be drawn as an RGB image. */
export function isRgbCandidate(meta: IChildMeta): boolean {
  const shape = meta.shape ?? [];
  return (
    isNumericKind(dtypeKind(meta)) &&
    shape.length >= 3 &&
    shape[shape.length - 1] === 3 &&
    shape[shape.length - 2] > 1 &&
    shape[shape.length - 3] > 1
  );
}

function isUint8(meta: IChildMeta): boolean {
  const info = meta.type_info;
  if (info) {
    return info.class === 0 && info.size === 1 && info.sign === 0;
  }
  return typeof meta.dtype === 'string' && /^[<>|=]?u1$/.test(meta.dtype);
}

/**
 * Modes of a dataset's view. RGB is offered for (…, H, W, 3) numbers and opens first for
 * uint8 or @interpretation="rgb-image"; the matrix is offered for every array.
 */
export function datasetModes(
  view: ViewChoice,
  meta: IChildMeta,
  path: string,
  interpretation?: string | null,
  context: ICubeContext = {}
): IStackModes {
  switch (view.kind) {
    case 'line':
    case 'sliced-line':
      return { modes: ['line', 'matrix'], preferred: 'line', framesPath: path };
    case 'heatmap': {
      const stack = stackModes(meta, path, undefined, context);
      if (!isRgbCandidate(meta)) {
        return { ...stack, modes: [...stack.modes, 'matrix'] };
      }
      const rgbFirst = interpretation === 'rgb-image' || isUint8(meta);
      return {
        // a last axis of 3 is colour, not a stack of detector frames
        modes: [
          'rgb',
          ...stack.modes.filter(
            m => m !== 'frames' && m !== 'volume' && m !== 'xrf'
          ),
          'matrix'
        ],
        preferred: rgbFirst ? 'rgb' : 'heatmap',
        framesPath: stack.framesPath,
        detector: false
      };
    }
    case 'complex':
      return {
        modes:
          view.shape.length === 1
            ? ['line', 'matrix']
            : ['heatmap', 'line', 'matrix'],
        preferred: view.shape.length === 1 ? 'line' : 'heatmap',
        framesPath: path
      };
    default:
      return { modes: ['matrix'], preferred: 'matrix', framesPath: path };
  }
}
