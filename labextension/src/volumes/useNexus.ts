// The file's NeXus reading for the view choice (asked once per file; null when it failed).
import { useEffect, useState } from 'react';

import { FileApi } from '../api/endpoints';
import { INexusInfo } from '../api/models';

/** undefined while asked, null when the file has no reading. */
export function useNexus(
  api: FileApi,
  wanted: boolean
): INexusInfo | null | undefined {
  const [info, setInfo] = useState<INexusInfo | null | undefined>(undefined);
  useEffect(() => {
    if (!wanted) {
      return undefined;
    }
    let live = true;
    api.nexusOnce().then(
      value => live && setInfo(value),
      () => live && setInfo(null)
    );
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return wanted ? info : null;
}
