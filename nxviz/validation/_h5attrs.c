/* Every attribute of one HDF5 object, and a dataset's shape, dtype and small value, read in C:
 * the hot loop of the walk's ctypes reader (nxviz/validation/h5fast.py, Reader.attributes and
 * Reader.dataset), without a ctypes call per HDF5 function.
 *
 * No HDF5 header and no link against libhdf5: the addresses of the HDF5 functions come from
 * the library h5py ships, found by nxviz/validation/h5lib.py, through init(). Types are
 * described by the Python reader (its table of type encodings, and its describe function on a
 * miss); numbers are read into numpy arrays made by the given `zeros` function and finished
 * (scalars unwrapped, strings decoded) by the given `finish` function, so both readers give
 * the same values. Anything else stops the iteration and attributes() returns None: the
 * caller then reads the object's attributes through h5py. Built by hatch_build.py when a C
 * compiler and Python's headers are present; without it the ctypes reader does the same work.
 * Callers hold the walk's HDF5 lock and the GIL. */
#include "_h5attrs.h"

#define SMALL 64    /* h5fast.SMALL: datasets with at most this many elements have a value */
#define ENCODED 256 /* as h5fast's _ENCODED and _KEY */
#define KEY 64
#define H5S_NULL 2
#define PLAIN 1
#define VLEN_STRING 2

static herr_t (*H5Aiterate2)(hid_t, int, int, hsize_t *, visit_t, void *);
static hid_t (*H5Aopen)(hid_t, const char *, hid_t);
static herr_t (*H5Aclose)(hid_t);
static hid_t (*H5Aget_type)(hid_t);
static hid_t (*H5Aget_space)(hid_t);
static herr_t (*H5Aread)(hid_t, hid_t, void *);
static herr_t (*H5Tencode)(hid_t, void *, size_t *);
static herr_t (*H5Tclose)(hid_t);
static int (*H5Sget_simple_extent_dims)(hid_t, hsize_t *, hsize_t *);
static int (*H5Sget_simple_extent_type)(hid_t);
static herr_t (*H5Sclose)(hid_t);
static herr_t (*H5Treclaim)(hid_t, hid_t, hid_t, void *);
static hid_t (*H5Dget_type)(hid_t);
static hid_t (*H5Dget_space)(hid_t);
static herr_t (*H5Dread)(hid_t, hid_t, hid_t, hid_t, hid_t, void *);
hid_t (*H5Oopen_by_token)(hid_t, token_t);
herr_t (*H5Oget_info3)(hid_t, object_info_t *, unsigned);
herr_t (*H5Oclose)(hid_t);
herr_t (*H5Literate2)(hid_t, int, int, hsize_t *, links_t, void *);
hid_t (*H5Gget_create_plist)(hid_t);
herr_t (*H5Pget_link_creation_order)(hid_t, unsigned *);
herr_t (*H5Pclose)(hid_t);

static void **const SLOTS[] = {
    (void **)&H5Aiterate2, (void **)&H5Aopen, (void **)&H5Aclose,
    (void **)&H5Aget_type, (void **)&H5Aget_space, (void **)&H5Aread,
    (void **)&H5Tencode, (void **)&H5Tclose, (void **)&H5Sget_simple_extent_dims,
    (void **)&H5Sget_simple_extent_type, (void **)&H5Sclose, (void **)&H5Treclaim,
    (void **)&H5Dget_type, (void **)&H5Dget_space, (void **)&H5Dread,
    (void **)&H5Oopen_by_token, (void **)&H5Oget_info3, (void **)&H5Oclose,
    (void **)&H5Literate2, (void **)&H5Gget_create_plist,
    (void **)&H5Pget_link_creation_order, (void **)&H5Pclose,
};
#define NSLOTS (sizeof SLOTS / sizeof SLOTS[0])

static PyObject *types, *describe, *zeros, *finish;
int ready = 0;

typedef struct {
    PyObject *found;
    int stopped;
} walk_t;

/* Bytes as str: UTF-8, else Latin-1 (h5fast.text). */
static PyObject *text(const char *s) {
    size_t n = strlen(s);
    PyObject *u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, NULL);
    if (u == NULL) {
        PyErr_Clear();
        u = PyUnicode_DecodeLatin1(s, (Py_ssize_t)n, NULL);
    }
    return u;
}

/* All of an attribute (`attribute`) or of a dataset (H5S_ALL, default transfer). */
static herr_t read_all(hid_t source, int attribute, hid_t memory, void *buffer) {
    return attribute ? H5Aread(source, memory, buffer) : H5Dread(source, memory, 0, 0, 0, buffer);
}

/* (how, dtype, memory type) of an attribute's or a dataset's type, or NULL. The type
 * table is keyed by the first bytes of the type's encoding (h5fast's scheme); this reader's
 * keys have the rest zeroed, so each type has one key here, added on its first miss with what
 * the Python reader's describe function says of the type. */
static PyObject *kind_of(hid_t source, int attribute) {
    unsigned char encoded[ENCODED];
    size_t size = ENCODED;
    PyObject *kind = NULL;
    hid_t tid = attribute ? H5Aget_type(source) : H5Dget_type(source);
    if (tid < 0)
        return NULL;
    memset(encoded, 0, ENCODED);
    if (H5Tencode(tid, encoded, &size) >= 0 && size == ENCODED) {
        PyObject *key = PyBytes_FromStringAndSize((const char *)encoded, KEY);
        if (key != NULL) {
            kind = PyDict_GetItemWithError(types, key); /* borrowed */
            Py_XINCREF(kind);
            if (kind == NULL && !PyErr_Occurred()) {
                kind = PyObject_CallFunction(describe, "L", (long long)tid);
                if (kind != NULL && PyDict_SetItem(types, key, kind) < 0)
                    Py_CLEAR(kind);
            }
            Py_DECREF(key);
        }
    }
    H5Tclose(tid);
    if (kind != NULL && !(PyTuple_Check(kind) && PyTuple_GET_SIZE(kind) == 3)) {
        Py_DECREF(kind); /* None: not read here */
        kind = NULL;
    }
    return kind;
}

/* The number of elements of a simple extent, or 0 (with *ok cleared) when it does not fit
 * 64 bits: a file whose dimensions multiply past that is left to h5py, which refuses it. */
static hsize_t count_of(int rank, const hsize_t *dims, int *ok) {
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) {
        if (dims[i] != 0 && count > UINT64_MAX / dims[i]) {
            *ok = 0;
            return 0;
        }
        count *= dims[i];
    }
    return count;
}

static PyObject *shape_of(int rank, const hsize_t *dims) {
    PyObject *shape = PyTuple_New(rank);
    for (int i = 0; shape != NULL && i < rank; i++) {
        PyObject *n = PyLong_FromUnsignedLongLong(dims[i]);
        if (n == NULL) {
            Py_CLEAR(shape);
            break;
        }
        PyTuple_SET_ITEM(shape, i, n);
    }
    return shape;
}

static PyObject *strings(hid_t source, int attribute, hid_t sid, hid_t memory, int rank,
                         const hsize_t *dims, hsize_t count) {
    if (rank == 0 || (attribute && count == 1)) { /* the value is the str itself */
        char *one = NULL;
        if (read_all(source, attribute, memory, &one) < 0)
            return NULL;
        PyObject *value = text(one != NULL ? one : "");
        H5Treclaim(memory, sid, 0, &one);
        return value;
    }
    char **many = calloc(count ? count : 1, sizeof(char *));
    if (many == NULL)
        return PyErr_NoMemory();
    if (count && read_all(source, attribute, memory, many) < 0) {
        free(many);
        return NULL;
    }
    PyObject *list = PyList_New((Py_ssize_t)count);
    for (hsize_t i = 0; list != NULL && i < count; i++) {
        PyObject *item = text(many[i] != NULL ? many[i] : "");
        if (item == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    H5Treclaim(memory, sid, 0, many);
    free(many);
    PyObject *shape = list != NULL ? shape_of(rank, dims) : NULL;
    PyObject *value = NULL;
    if (shape != NULL)
        value = PyObject_CallFunctionObjArgs(finish, list, shape, Py_True, Py_False, NULL);
    Py_XDECREF(list);
    Py_XDECREF(shape);
    return value;
}

/* A dtype of booleans, integers or floats: its values need no finishing (finish() gives an
 * array of them back as it is, a scalar as array[()]; no bytes to decode, no str to unwrap). */
static int numeric(PyObject *dtype) {
    PyObject *kind = PyObject_GetAttrString(dtype, "kind");
    int yes = 0;
    if (kind != NULL && PyUnicode_Check(kind) && PyUnicode_GET_LENGTH(kind) == 1) {
        Py_UCS4 c = PyUnicode_READ_CHAR(kind, 0);
        yes = c == 'b' || c == 'i' || c == 'u' || c == 'f';
    }
    if (kind == NULL)
        PyErr_Clear();
    Py_XDECREF(kind);
    return yes;
}

static PyObject *numbers(hid_t source, int attribute, PyObject *dtype, hid_t memory, int rank,
                         const hsize_t *dims, hsize_t count) {
    PyObject *shape = shape_of(rank, dims);
    if (shape == NULL)
        return NULL;
    PyObject *array = PyObject_CallFunctionObjArgs(zeros, shape, dtype, NULL);
    PyObject *value = NULL;
    Py_buffer view;
    if (array != NULL && PyObject_GetBuffer(array, &view, PyBUF_WRITABLE) == 0) {
        herr_t status = count ? read_all(source, attribute, memory, view.buf) : 0;
        PyBuffer_Release(&view);
        if (status >= 0 && numeric(dtype))
            value = rank == 0 ? PyObject_GetItem(array, shape) : Py_NewRef(array);
        else if (status >= 0)
            value = PyObject_CallFunctionObjArgs(finish, array, shape, Py_False,
                                                 attribute ? Py_True : Py_False, NULL);
    }
    Py_XDECREF(array);
    Py_DECREF(shape);
    return value;
}

/* Whether `sid` is an extent this reader takes (simple, of rank at most MAX_RANK, not H5S_NULL,
 * its element count within 64 bits), with its rank, dimensions and element count. */
static int extent_of(hid_t sid, hsize_t *dims, int *rank, hsize_t *count) {
    *rank = H5Sget_simple_extent_dims(sid, dims, NULL);
    int simple = *rank >= 0 && *rank <= MAX_RANK &&
                 !(*rank == 0 && H5Sget_simple_extent_type(sid) == H5S_NULL);
    *count = simple ? count_of(*rank, dims, &simple) : 0;
    return simple;
}

/* The value of an attribute or a dataset read as `kind` (how, dtype, memory type) says, or NULL
 * (an error, or a kind this reader does not read). */
static PyObject *value_of(hid_t source, int attribute, PyObject *kind, hid_t sid, int rank,
                          const hsize_t *dims, hsize_t count) {
    long how = PyLong_AsLong(PyTuple_GET_ITEM(kind, 0));
    PyObject *dtype = PyTuple_GET_ITEM(kind, 1);
    hid_t memory = (hid_t)PyLong_AsLongLong(PyTuple_GET_ITEM(kind, 2));
    if (PyErr_Occurred())
        return NULL;
    if (how == VLEN_STRING)
        return strings(source, attribute, sid, memory, rank, dims, count);
    if (how == PLAIN)
        return numbers(source, attribute, dtype, memory, rank, dims, count);
    return NULL;
}

/* H5Aiterate2's callback: 0 to go on, 1 to stop (the caller reads through h5py). */
static herr_t each(hid_t location, const char *name, const void *info, void *data) {
    walk_t *walk = data;
    PyObject *value = NULL;
    (void)info;
    hid_t aid = H5Aopen(location, name, 0);
    if (aid < 0) {
        walk->stopped = 1;
        return 1;
    }
    PyObject *kind = kind_of(aid, 1);
    hid_t sid = kind != NULL ? H5Aget_space(aid) : -1;
    if (sid >= 0) {
        hsize_t dims[MAX_RANK], count;
        int rank;
        if (extent_of(sid, dims, &rank, &count))
            value = value_of(aid, 1, kind, sid, rank, dims, count);
        H5Sclose(sid);
    }
    H5Aclose(aid);
    Py_XDECREF(kind);
    if (value != NULL) {
        PyObject *key = PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
        int failed = key == NULL || PyDict_SetItem(walk->found, key, value) < 0;
        Py_XDECREF(key);
        Py_DECREF(value);
        if (!failed)
            return 0;
    }
    PyErr_Clear();
    walk->stopped = 1;
    return 1;
}

/* Every attribute of an object: a new dict, None (a case h5py must read), or NULL (an error). */
PyObject *read_attributes(hid_t oid) {
    walk_t walk = {PyDict_New(), 0};
    if (walk.found == NULL)
        return NULL;
    /* by name, in HDF5's native order: as h5fast's reader */
    herr_t status = H5Aiterate2(oid, 0, 2, NULL, each, &walk);
    if (status != 0 || walk.stopped) {
        Py_DECREF(walk.found);
        Py_RETURN_NONE;
    }
    return walk.found;
}

static PyObject *attributes(PyObject *self, PyObject *arg) {
    (void)self;
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "init() was not called");
        return NULL;
    }
    hid_t oid = (hid_t)PyLong_AsLongLong(arg);
    if (PyErr_Occurred())
        return NULL;
    return read_attributes(oid);
}

/* (shape, dtype, value or None) of a dataset, its value read when it has at most SMALL
 * elements and `value` is true; None when the caller must read it through h5py. */
PyObject *read_dataset(hid_t did, int want) {
    PyObject *kind = kind_of(did, 0);
    hid_t sid = kind != NULL ? H5Dget_space(did) : -1;
    PyObject *result = NULL;
    if (sid >= 0) {
        hsize_t dims[MAX_RANK], count;
        int rank;
        PyObject *shape = extent_of(sid, dims, &rank, &count) ? shape_of(rank, dims) : NULL;
        if (shape != NULL) {
            PyObject *dtype = PyTuple_GET_ITEM(kind, 1);
            PyObject *value = count > SMALL || !want
                                  ? Py_NewRef(Py_None)
                                  : value_of(did, 0, kind, sid, rank, dims, count);
            if (value != NULL)
                result = PyTuple_Pack(3, shape, dtype, value);
            Py_XDECREF(value);
            Py_DECREF(shape);
        }
        H5Sclose(sid);
    }
    Py_XDECREF(kind);
    if (result == NULL) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return result;
}

static PyObject *dataset(PyObject *self, PyObject *args) {
    long long did;
    int want;
    (void)self;
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "init() was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "Lp", &did, &want))
        return NULL;
    return read_dataset((hid_t)did, want);
}

static PyObject *init(PyObject *self, PyObject *args) {
    PyObject *addresses, *t, *d, *z, *f;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O!OOO", &PyTuple_Type, &addresses, &PyDict_Type, &t, &d,
                          &z, &f))
        return NULL;
    if (PyTuple_GET_SIZE(addresses) != (Py_ssize_t)NSLOTS) {
        PyErr_SetString(PyExc_ValueError, "wrong number of HDF5 function addresses");
        return NULL;
    }
    for (size_t i = 0; i < NSLOTS; i++) {
        void *address = PyLong_AsVoidPtr(PyTuple_GET_ITEM(addresses, (Py_ssize_t)i));
        if (address == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a null HDF5 function address");
            return NULL;
        }
        *SLOTS[i] = address;
    }
    Py_XSETREF(types, Py_NewRef(t));
    Py_XSETREF(describe, Py_NewRef(d));
    Py_XSETREF(zeros, Py_NewRef(z));
    Py_XSETREF(finish, Py_NewRef(f));
    ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"attributes", attributes, METH_O, "Every attribute of an object, or None."},
    {"dataset", dataset, METH_VARARGS, "A dataset's shape, dtype and small value, or None."},
    {"links", links, METH_O, "A group's link names, kinds and tokens, or None."},
    {"objects", objects, METH_VARARGS, "A run of a group's members, each opened once."},
    {"init", init, METH_VARARGS, "The HDF5 functions, the type table and the helpers."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_h5attrs", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__h5attrs(void) { return PyModule_Create(&module); }
