import { describe, expect, it } from 'vitest';

import { mark } from './marks';

describe('mark', () => {
  it('keeps only the newest mark of a name', () => {
    for (let i = 0; i < 50; i += 1) {
      mark('nxviz:test-frame');
    }
    mark('nxviz:test-other');
    expect(performance.getEntriesByName('nxviz:test-frame')).toHaveLength(1);
    expect(performance.getEntriesByName('nxviz:test-other')).toHaveLength(1);
  });
});
