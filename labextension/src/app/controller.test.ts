import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { NxvizClient } from '../api/client';
import { FileApi } from '../api/endpoints';
import { sliceSuffix, ViewerController } from './controller';

describe('download names', () => {
  it('carry the frame or the slice they hold', () => {
    expect(sliceSuffix('12,:,:')).toBe('-frame12');
    expect(sliceSuffix('3,4,:')).toBe('-slice3_4');
    expect(sliceSuffix(':')).toBe('');
    expect(sliceSuffix(undefined)).toBe('');
  });
});

/** The `nexus` answer of an Eiger master file (as the server gives it for the demo's, smaller). */
function eigerNexus(shape: number[]): Record<string, unknown> {
  const u4 = { class: 0, dtype: '<u4', order: 0, sign: 0, size: 4 };
  const block = (name: string, count: number) => ({
    name,
    type: 'dataset',
    dtype: '<u4',
    shape: [count, ...shape.slice(1)],
    chunks: [1, ...shape.slice(1)],
    type_info: u4,
    link: {
      type: 'external',
      target_file: `eiger_${name}.h5`,
      target_path: '/entry/data/data'
    }
  });
  const nxdata = {
    path: '/entry/data',
    signal: {
      name: 'data_000001',
      path: '/entry/data/data_000001',
      dtype: '<u4',
      shape,
      label: 'data_000001',
      long_name: null,
      units: null
    },
    axes: [],
    dimension_axes: shape.map(() => null),
    errors: null,
    auxiliary_signals: [],
    scales: null,
    title: null
  };
  return {
    default: '/entry/data',
    default_chain: ['/entry', '/entry/data'],
    default_meta: {
      name: 'data',
      path: '/entry/data',
      type: 'group',
      nx_class: 'NXdata',
      children: [block('data_000001', shape[0]), block('data_000002', 2)],
      total: 2,
      offset: 0,
      limit: 1000
    },
    entries: [
      {
        path: '/entry',
        definition: 'NXmx',
        title: null,
        default_plot: '/entry/data',
        nxdata,
        detectors: [
          {
            path: '/entry/instrument/detector',
            beam_center: { x: 0.004, y: 0.003, x_px: 40, y_px: 50 },
            distance: 0.1,
            wavelength: 7e-11,
            pixel_size: { x: 7.5e-5, y: 7.5e-5 },
            pixel_mask: '/entry/instrument/detector/pixel_mask',
            saturation_value: 1048575,
            data: '/entry/instrument/detector/data'
          }
        ]
      }
    ],
    plot: {
      kind: 'nxdata',
      path: '/entry/data',
      chain: ['/entry', '/entry/data'],
      chosen_by: 'default',
      note: null,
      nxdata,
      dataset: null
    },
    walk: { visited: 20, truncated: false, reason: null }
  };
}

/** A controller over a server holding `nexus`; the image requests it is sent are kept. */
function controllerWith(nexus: Record<string, unknown>): {
  controller: ViewerController;
  images: URLSearchParams[];
} {
  const images: URLSearchParams[] = [];
  const root = {
    name: '',
    path: '/',
    type: 'group',
    nx_class: 'NXroot',
    children: [{ name: 'entry', type: 'group', nx_class: 'NXentry' }],
    total: 1,
    offset: 0,
    limit: 1000
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : (input as Request).url
      );
      const endpoint = url.pathname.split('/').pop();
      if (endpoint === 'image') {
        images.push(url.searchParams);
        return new Response(new Float32Array(1).buffer, {
          status: 200,
          headers: { 'X-Nxviz-Image-Shape': '1,1' }
        });
      }
      const answer =
        endpoint === 'nexus'
          ? nexus
          : endpoint === 'meta' && url.searchParams.get('path') === '/'
            ? root
            : null;
      return answer
        ? new Response(JSON.stringify(answer), { status: 200 })
        : new Response(JSON.stringify({ code: 'x', message: 'x' }), {
            status: 404
          });
    }) as typeof fetch
  });
  const api = new FileApi(new NxvizClient(settings), 'eiger_master.nxs');
  return { controller: new ViewerController(api), images };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 20));

describe('the first frame of the default plot', () => {
  it('is asked as soon as `nexus` names an Eiger stack, at the size of the view pane', async () => {
    const { controller, images } = controllerWith(eigerNexus([5, 100, 80]));
    controller.viewArea = () => ({ width: 70, height: 200, ratio: 1 });
    await controller.start(false);
    await settle();
    expect(images).toHaveLength(1);
    const asked = Object.fromEntries(images[0].entries());
    expect(asked).toMatchObject({
      path: '/entry/data/data_000001',
      selection: '0',
      percentiles: '0.5,99.9',
      // 80 columns in 70 pixels: every second one
      width: '40',
      height: '50'
    });
    expect(asked.region).toBeUndefined();
    controller.dispose();
  });

  it('opens on the frame the settings name, in the block that holds it', async () => {
    const { controller, images } = controllerWith(eigerNexus([5, 100, 80]));
    controller.settings = { ...controller.settings, frame: 6 };
    controller.viewArea = () => ({ width: 800, height: 800, ratio: 2 });
    await controller.start(false);
    await settle();
    expect(Object.fromEntries(images[0].entries())).toMatchObject({
      path: '/entry/data/data_000002',
      selection: '1',
      width: '80',
      height: '100'
    });
    controller.dispose();
  });

  it('is left to the view while the pane is not laid out', async () => {
    const { controller, images } = controllerWith(eigerNexus([5, 100, 80]));
    controller.viewArea = () => null;
    await controller.start(false);
    await settle();
    expect(images).toHaveLength(0);
    controller.dispose();
  });

  it('is not asked when the default plot is no stack of frames', async () => {
    const { controller, images } = controllerWith(eigerNexus([100])); // a spectrum
    controller.viewArea = () => ({ width: 800, height: 800, ratio: 1 });
    await controller.start(false);
    await settle();
    expect(images).toHaveLength(0);
    controller.dispose();
  });
});
