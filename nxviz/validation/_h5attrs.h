/* What the compiled reader's two files share (_h5attrs.c reads attributes and datasets,
 * _h5group.c reads a group's members): HDF5's types as this reader declares them (no HDF5
 * header is used; the layouts are those of HDF5 1.12 and later, as h5fast.py's ctypes
 * structures), the functions _h5attrs.c's init() fills in, and the shared readers. */
#ifndef NXVIZ_H5ATTRS_H
#define NXVIZ_H5ATTRS_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int64_t hid_t;
typedef int herr_t;
typedef uint64_t hsize_t;
typedef herr_t (*visit_t)(hid_t, const char *, const void *, void *);

#define MAX_RANK 32 /* H5S_MAX_RANK */
#define TOKEN 16    /* H5O_MAX_TOKEN_SIZE */

typedef struct { /* H5O_token_t */
    uint8_t data[TOKEN];
} token_t;

typedef struct { /* H5L_info2_t */
    int type;
    bool corder_valid;
    int64_t corder;
    int cset;
    union {
        token_t token;
        size_t val_size;
    } u;
} link_info_t;

typedef struct { /* H5O_info2_t */
    unsigned long fileno;
    token_t token;
    int type;
    unsigned rc;
    int64_t atime, mtime, ctime, btime;
    hsize_t num_attrs;
} object_info_t;

typedef herr_t (*links_t)(hid_t, const char *, const link_info_t *, void *);

extern hid_t (*H5Oopen_by_token)(hid_t, token_t);
extern herr_t (*H5Oget_info3)(hid_t, object_info_t *, unsigned);
extern herr_t (*H5Oclose)(hid_t);
extern herr_t (*H5Literate2)(hid_t, int, int, hsize_t *, links_t, void *);
extern hid_t (*H5Gget_create_plist)(hid_t);
extern herr_t (*H5Pget_link_creation_order)(hid_t, unsigned *);
extern herr_t (*H5Pclose)(hid_t);

/* init() was called */
extern int ready;

/* Every attribute of an object: a new dict, None (h5py must read them), or NULL (an error). */
PyObject *read_attributes(hid_t oid);
/* (shape, dtype, value or None) of a dataset, or None (h5py must read it); never NULL. */
PyObject *read_dataset(hid_t did, int want);

PyObject *links(PyObject *self, PyObject *arg);
PyObject *objects(PyObject *self, PyObject *args);

#endif
