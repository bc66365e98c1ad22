/* A group's members read in C (the compiled reader's second file; h5fast.py's Reader.links
 * and Reader.objects call it): links() lists the links once, in the order h5py lists them;
 * objects() opens a run of them by their token (no second look-up of the name), reads each
 * object's type, attributes and, for a dataset, its shape, dtype and small value, and says
 * which members are second links to an object already read. The caller (walker.py) builds
 * the nodes, keeps the limits, and reads through h5py what is returned as SLOW_ENTRY (soft
 * and external links, objects that are neither group nor dataset, anything this cannot open).
 * Callers hold the walk's HDF5 lock and the GIL. */
#include "_h5attrs.h"

#define ENTRY (1 + TOKEN) /* a link in links()'s table: 0 for a hard link, then its token */
#define H5L_TYPE_HARD 0
#define H5O_TYPE_GROUP 0
#define H5O_TYPE_DATASET 1
#define H5O_INFO_BASIC_NUM_ATTRS (1 | 4)
#define H5P_CRT_ORDER_TRACKED 1
/* the kinds of objects()'s entries, as walker.py names them */
#define SLOW_ENTRY 0
#define ALIAS_ENTRY 1
#define GROUP_ENTRY 2
#define DATASET_ENTRY 3

typedef struct {
    PyObject *names;
    char *table;
    size_t used, room;
} listing_t;

static herr_t each_link(hid_t group, const char *name, const link_info_t *info, void *data) {
    listing_t *listing = data;
    (void)group;
    PyObject *raw = PyBytes_FromString(name);
    if (raw == NULL || PyList_Append(listing->names, raw) < 0) {
        Py_XDECREF(raw);
        return -1;
    }
    Py_DECREF(raw);
    if (listing->used + ENTRY > listing->room) {
        size_t room = listing->room ? listing->room * 2 : 64 * ENTRY;
        char *grown = room > listing->room ? realloc(listing->table, room) : NULL;
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        listing->table = grown;
        listing->room = room;
    }
    char *entry = listing->table + listing->used;
    memset(entry, 0, ENTRY);
    entry[0] = info->type == H5L_TYPE_HARD ? 0 : 1;
    if (info->type == H5L_TYPE_HARD)
        memcpy(entry + 1, info->u.token.data, TOKEN);
    listing->used += ENTRY;
    return 0;
}

/* (names as bytes, table of kinds and tokens) of a group's links, or None (an HDF5 error). */
PyObject *links(PyObject *self, PyObject *arg) {
    (void)self;
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "init() was not called");
        return NULL;
    }
    hid_t gid = (hid_t)PyLong_AsLongLong(arg);
    if (PyErr_Occurred())
        return NULL;
    int index = 0; /* by name, or by creation order where the group tracks it (as h5py) */
    hid_t plist = H5Gget_create_plist(gid);
    if (plist >= 0) {
        unsigned flags = 0;
        if (H5Pget_link_creation_order(plist, &flags) >= 0 && (flags & H5P_CRT_ORDER_TRACKED))
            index = 1;
        H5Pclose(plist);
    }
    listing_t listing = {PyList_New(0), NULL, 0, 0};
    if (listing.names == NULL)
        return NULL;
    herr_t status = H5Literate2(gid, index, 0, NULL, each_link, &listing);
    PyObject *result = NULL;
    if (PyErr_Occurred()) {
        result = NULL;
    } else if (status < 0) {
        result = Py_NewRef(Py_None);
    } else {
        PyObject *table = PyBytes_FromStringAndSize(listing.table ? listing.table : "",
                                                    (Py_ssize_t)listing.used);
        if (table != NULL)
            result = PyTuple_Pack(2, listing.names, table);
        Py_XDECREF(table);
    }
    free(listing.table);
    Py_DECREF(listing.names);
    return result;
}

/* Close the object an entry holds open, if any. */
static void close_entry(PyObject *entry) {
    long kind = PyLong_AsLong(PyTuple_GET_ITEM(entry, 1));
    if (kind == GROUP_ENTRY || kind == DATASET_ENTRY) {
        long long oid = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, 3));
        if (oid >= 0)
            H5Oclose((hid_t)oid);
    }
}

/* Close the objects the entries of `out` hold open (after an error). */
static void close_all(PyObject *out) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(out); i++)
        close_entry(PyList_GET_ITEM(out, i));
}

/* One hard link's object opened and read: a GROUP_ENTRY (the group stays open),
 * a DATASET_ENTRY (open only when h5py must read part of it), SLOW_ENTRY, or NULL. */
static PyObject *open_one(hid_t gid, const token_t *token, PyObject *raw, PyObject *name,
                          PyObject *identity, Py_ssize_t eager) {
    hid_t oid = H5Oopen_by_token(gid, *token);
    if (oid < 0)
        return Py_BuildValue("(Oi)", raw, SLOW_ENTRY);
    object_info_t info;
    if (H5Oget_info3(oid, &info, H5O_INFO_BASIC_NUM_ATTRS) < 0 ||
        (info.type != H5O_TYPE_GROUP && info.type != H5O_TYPE_DATASET)) {
        H5Oclose(oid);
        return Py_BuildValue("(Oi)", raw, SLOW_ENTRY);
    }
    PyObject *attrs = info.num_attrs == 0                    ? PyDict_New()
                      : info.num_attrs <= (hsize_t)eager ? read_attributes(oid)
                                                             : Py_NewRef(Py_None);
    PyObject *entry = NULL;
    if (attrs != NULL && info.type == H5O_TYPE_GROUP) {
        entry = Py_BuildValue("(OiOLO)", name, GROUP_ENTRY, identity, (long long)oid, attrs);
    } else if (attrs != NULL) {
        PyObject *described = read_dataset(oid, 1);
        if (described != Py_None && attrs != Py_None) {
            H5Oclose(oid); /* all read: h5py needs nothing of it */
            oid = -1;
        }
        entry = Py_BuildValue("(OiOLOO)", name, DATASET_ENTRY, identity, (long long)oid, attrs,
                              described);
        Py_DECREF(described);
    }
    Py_XDECREF(attrs);
    if (entry == NULL && oid >= 0)
        H5Oclose(oid);
    return entry;
}

/* The identity h5fast.identity gives (fileno, token): hash((fileno, token)) or 1. */
static PyObject *identity_of(PyObject *fileno, const char *token) {
    PyObject *bytes = PyBytes_FromStringAndSize(token, TOKEN);
    PyObject *key = bytes != NULL ? PyTuple_Pack(2, fileno, bytes) : NULL;
    Py_XDECREF(bytes);
    if (key == NULL)
        return NULL;
    Py_hash_t hash = PyObject_Hash(key);
    Py_DECREF(key);
    if (hash == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(hash ? hash : 1);
}

/* objects(gid, names, table, start, stop, fileno, seen, eager): the entries of links
 * start..stop-1 of links()'s answer, in order. `seen` maps the identities of objects already
 * read (their nodes); a link to one of them, or to an object read earlier in this run, is an
 * ALIAS_ENTRY and is not opened again. Objects with at most `eager` attributes have them read. */
PyObject *objects(PyObject *self, PyObject *args) {
    long long gid;
    PyObject *names, *table, *fileno, *seen;
    Py_ssize_t start, stop, eager;
    (void)self;
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "init() was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "LO!O!nnO!O!n", &gid, &PyList_Type, &names, &PyBytes_Type,
                          &table, &start, &stop, &PyLong_Type, &fileno, &PyDict_Type, &seen,
                          &eager))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(names);
    if (start < 0 || stop < start || stop > count || PyBytes_GET_SIZE(table) != count * ENTRY) {
        PyErr_SetString(PyExc_ValueError, "a run outside the group's links");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    PyObject *here = PySet_New(NULL); /* identities opened in this run */
    if (out == NULL || here == NULL)
        goto fail;
    for (Py_ssize_t i = start; i < stop; i++) {
        if (i >= PyList_GET_SIZE(names)) { /* Python code run by a read changed the list */
            PyErr_SetString(PyExc_RuntimeError, "the list of link names changed");
            goto fail;
        }
        PyObject *raw = PyList_GET_ITEM(names, i);
        const char *link = PyBytes_AS_STRING(table) + i * ENTRY;
        PyObject *entry = NULL;
        if (!PyBytes_Check(raw)) {
            PyErr_SetString(PyExc_TypeError, "a link name that is not bytes");
            goto fail;
        }
        if (link[0] != 0) {
            entry = Py_BuildValue("(Oi)", raw, SLOW_ENTRY);
        } else {
            PyObject *identity = identity_of(fileno, link + 1);
            PyObject *name = identity != NULL ? PyUnicode_DecodeUTF8(PyBytes_AS_STRING(raw),
                                                                     PyBytes_GET_SIZE(raw),
                                                                     "replace")
                                              : NULL;
            int known = name != NULL ? PyDict_Contains(seen, identity) : -1;
            if (known == 0)
                known = PySet_Contains(here, identity);
            if (known > 0) {
                entry = Py_BuildValue("(OiO)", name, ALIAS_ENTRY, identity);
            } else if (known == 0) {
                token_t token;
                memcpy(token.data, link + 1, TOKEN);
                entry = open_one((hid_t)gid, &token, raw, name, identity, eager);
                if (entry != NULL && PyTuple_GET_SIZE(entry) > 2 && PySet_Add(here, identity) < 0) {
                    close_entry(entry);
                    Py_CLEAR(entry);
                }
            }
            Py_XDECREF(identity);
            Py_XDECREF(name);
        }
        if (entry == NULL)
            goto fail;
        int appended = PyList_Append(out, entry);
        if (appended < 0)
            close_entry(entry);
        Py_DECREF(entry);
        if (appended < 0)
            goto fail;
    }
    Py_DECREF(here);
    return out;
fail:
    if (out != NULL)
        close_all(out);
    Py_XDECREF(out);
    Py_XDECREF(here);
    return NULL;
}
