import { describe, expect, it } from 'vitest';

import { NxvizApiError } from '../api/client';
import { problemSentence } from './problems';

describe('problemSentence', () => {
  it('says what a missing filter needs and what still works', () => {
    const error = new NxvizApiError(
      415,
      'missing_filter',
      "/locked: a compression filter is not available (can't open directory)."
    );
    const sentence = problemSentence(error);
    expect(sentence).toMatch(
      /^\/locked: a compression filter is not available/
    );
    expect(sentence).toContain('must be installed on the server');
    expect(sentence).toContain('inspector');
    expect(sentence.endsWith('.')).toBe(true);
    expect(sentence.match(/\.\s/g)).toBeNull(); // one sentence
  });

  it('offers a smaller slice for a 413', () => {
    const error = new NxvizApiError(413, 'too_large', '600 MB asked');
    expect(problemSentence(error)).toBe(
      '600 MB asked; choose a smaller slice with the sliders, or export it with the data endpoint.'
    );
  });

  it('asks to try again when the file changed while it was read', () => {
    const error = new NxvizApiError(
      409,
      'file_changed',
      'live.h5: the file changed while it was read; try again'
    );
    expect(problemSentence(error)).toBe(
      'Live.h5: the file changed while it was read; try again; another program is writing it.'
    );
  });

  it('says a hung file is refused until it changes, and a timeout to ask for less', () => {
    const hung = new NxvizApiError(
      422,
      'file_unresponsive',
      'scan.h5: an earlier request on this file ran past the time bound'
    );
    expect(problemSentence(hung)).toContain(
      'refuses this file until it changes'
    );
    const late = new NxvizApiError(
      504,
      'timeout',
      'the request ran past the bound'
    );
    expect(problemSentence(late)).toContain('ask for less');
  });
});
