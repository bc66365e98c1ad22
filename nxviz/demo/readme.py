"""The ``README.txt`` written beside the demo files."""

from __future__ import annotations

from nxviz.demo import detector, eiger, nxmx

TEXT = f"""\
nxviz demo data set
===================

Synthetic but realistic NeXus/HDF5 files written by `nxviz demo`. They are rewritten each
time the command runs in this folder; the hidden file .nxviz-demo marks the folder as its own.

eiger_master.nxs        NXmx master of a simulated DECTRIS EIGER 1M (1065 x 1030 pixels):
                        LaB6 powder rings plus Bragg spots of a rotating crystal.
  /entry/data/data_000001  external link -> eiger_data_000001.h5:/entry/data/data (50 frames)
  /entry/data/data_000002  external link -> eiger_data_000002.h5:/entry/data/data (20 frames)
  /entry/data/data         virtual dataset of all 70 frames (both data files end to end)
  {eiger.MASK_PATH}   uint32, NXmx bits: 1 gap, 2 dead, 8 hot
  {nxmx.DETECTOR}/beam_center_x, beam_center_y, distance, x_pixel_size, saturation_value
  /entry/instrument/beam/incident_wavelength  {detector.WAVELENGTH} angstrom
  frames: uint32, one chunk per frame, bitshuffle-LZ4 (HDF5 filter 32008, via hdf5plugin);
  gap pixels read 2**32-1.
eiger_data_00000N.h5    the frames themselves.
tomo_volume.nxs         NXtomo: 200 x 512 x 512 uint16 (darks, flats, 180 projections of a
                        3-D Shepp-Logan phantom), gzip; image_key and rotation_angle.
tomo_reconstruction.nxs Its reconstructed volume: 512 x 512 x 512 uint16, gzip, one chunk per
                        axial slice; z, y, x in mm; noise and ring artefacts.
xas_spectrum.nxs        NXxas: Cu K-edge transmission spectrum, energy in keV, I0, It, monitor.
xrf_map.nxs             XRF map: Fe, Cu, Zn, Ca maps on x/y in mm, and a (y, x, energy)
                        spectrum cube.
xrf_steel_map.h5        XRF spectra cube, 20 x 16 pixels x 2048 channels (uint32, one row per
                        chunk, gzip), made from PyMca's steel sample spectrum; copper is
                        brighter top left, lead in a disk lower right, nickel bottom left.
xrf_steel_map_fit.h5    PyMca 5.9.7's fast fit of it, as PyMca writes it: element-line maps
                        (Cu_K, Pb_L, Fe_Ka...) as parameters, uncertainties and mass fractions,
                        each pixel's fitted model and residuals, the fit configuration.
scan_1d.nxs             A 1D motor scan with data_errors; /entry/legacy holds the same counts
                        with the older `errors` field, which the validator warns is deprecated
                        (on purpose: the one warning of the demo's valid files).
defects.nxs             An NXmx file with deliberate defects for the validator to find:
                        missing required field, wrong type, wrong units, NXdata @signal
                        naming nothing, dangling soft link, broken @default, depends_on to a
                        missing target, unknown transformation type.
fair_ready.nxs          NXxas with everything a data catalogue needs: users with ORCID iDs,
                        proposal, entry UUID, zoned start and end times, definition and
                        program versions; `nxviz fair` scores it 100 %.
fair_typical.nxs        The same spectrum as many beamlines write it today: a start time
                        without time zone, no end time, no users, proposal "test", no
                        identifier. See the difference with
                          nxviz fair fair_ready.nxs fair_typical.nxs
                        (add --html fair.html for a report), or open either file and press
                        "Check FAIR readiness" in the viewer; `nxviz.fair("fair_typical.nxs")`
                        in a notebook shows the same summary.

Open any of them from JupyterLab's file browser; try `nxviz validate defects.nxs`.
"""
