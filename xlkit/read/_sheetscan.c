/* The cells of a worksheet part, read by expat (Python's own, through the pyexpat capsule) in C.
 *
 * scan(data) -> (last_row, max_col, cells, merges, styles) or None.
 *
 * Only the plain shape every producer writes is read here: a <worksheet> root in the main namespace,
 * <sheetData> rows of cells in strictly increasing address order, each cell's <v>, <f> and <is><t>
 * holding text only. Anything else (a rich string, an element inside a value, an address out of order
 * or repeated, an unknown cell type, a part that is not well-formed) returns None, and the caller reads
 * the sheet the slower way, which knows every rule. So this code decides nothing the Python reader
 * would decide differently: it only spares it the element tree.
 *
 * cells: (row, column, style, type, v text, inline text, has formula, formula text, formula t, formula si)
 * for every cell with content or a declared type other than "n"; an empty cell only moves the maximum
 * and adds its style to ``styles``. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <expat.h>
#include <pyexpat.h>
#include <string.h>

static struct PyExpat_CAPI *capi = NULL;

#define NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Buf;

static int buf_add(Buf *b, const char *s, Py_ssize_t n) {
    if (b->len + n > b->cap) {
        Py_ssize_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) cap *= 2;
        char *p = PyMem_Realloc(b->data, (size_t)cap);
        if (!p) return -1;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
    return 0;
}

enum { CAP_NONE, CAP_V, CAP_F, CAP_T };

typedef struct {
    XML_Parser parser;
    int failed;          /* 1: not the plain shape (or no memory): give up, the caller reads it */
    int depth;
    int in_sheet_data;   /* depth of <sheetData> + 1 while inside it, else 0 */
    long row_counter, col_counter;
    long last_row, last_col, max_col;
    /* the cell being read */
    long row, col;
    long style;
    int has_ref;
    char kind[10];
    int children;
    int capture;         /* CAP_*: whose text the character data is */
    int capture_depth;
    int in_is;           /* depth of the first <is> of an inlineStr cell, else 0 */
    int has_v, has_f, has_inline;
    Buf text;            /* the text being captured */
    PyObject *v, *inline_text, *f_text, *f_type, *f_si;
    PyObject *cells, *merges, *styles;
} Scan;

static void fail(Scan *s) {
    s->failed = 1;  /* the capsule has no XML_StopParser: the handlers ignore the rest */
}

static const char *attr(const XML_Char **atts, const char *name) {
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

static int parse_uint(const char *t, long *out) {
    long n = 0;
    int digits = 0;
    if (!*t) return 0;
    while (*t >= '0' && *t <= '9') {
        n = n * 10 + (*t - '0');
        t++;
        if (++digits > 9) return 0;
    }
    if (*t) return 0;
    *out = n;
    return 1;
}

/* "B12" -> row 12, column 2; 0 for anything but the plain A1 form (as Python's _address_key). */
static int parse_ref(const char *r, long *row, long *col) {
    long c = 0;
    int letters = 0;
    while (*r >= 'A' && *r <= 'Z') {
        c = c * 26 + (*r - 'A' + 1);
        r++;
        if (++letters > 3) return 0;
    }
    if (!letters || *r < '1' || *r > '9' || !parse_uint(r, row)) return 0;  /* "A0", "A01": not plain */
    *col = c;
    return 1;
}

static PyObject *text_value(Scan *s) {
    return PyUnicode_DecodeUTF8(s->text.data ? s->text.data : "", s->text.len, "strict");
}

static const char *KINDS[] = {"n", "s", "str", "inlineStr", "b", "e", "d", NULL};

static void XMLCALL on_start(void *user, const XML_Char *name, const XML_Char **atts) {
    Scan *s = (Scan *)user;
    if (s->failed) return;
    int depth = s->depth++;
    if (strcmp(name, NS "mergeCell") == 0) {  /* anywhere, as the tree reader's root.iter() */
        const char *ref = attr(atts, "ref");
        PyObject *o = PyUnicode_DecodeUTF8(ref ? ref : "", ref ? (Py_ssize_t)strlen(ref) : 0, "strict");
        if (!o || PyList_Append(s->merges, o) < 0) { Py_XDECREF(o); fail(s); return; }
        Py_DECREF(o);
    }
    if (depth == 0) {
        if (strcmp(name, NS "worksheet") != 0) fail(s);
        return;
    }
    if (s->capture != CAP_NONE) { fail(s); return; }  /* an element inside a value or a text */
    if (!s->in_sheet_data) {
        if (depth == 1 && strcmp(name, NS "sheetData") == 0) s->in_sheet_data = depth + 1;
        return;
    }
    int level = depth - s->in_sheet_data;  /* 0 row, 1 cell, 2 cell child, 3 inside <is> */
    if (level == 0) {
        if (strcmp(name, NS "row") != 0) { fail(s); return; }
        const char *r = attr(atts, "r");
        if (r) {
            long n;
            if (!parse_uint(r, &n)) { fail(s); return; }
            s->row_counter = n;
        } else {
            s->row_counter += 1;
        }
        s->col_counter = 0;
    } else if (level == 1) {
        if (strcmp(name, NS "c") != 0) { fail(s); return; }
        const char *r = attr(atts, "r"), *st = attr(atts, "s"), *t = attr(atts, "t");
        s->has_ref = r && *r;
        if (s->has_ref) {
            if (!parse_ref(r, &s->row, &s->col)) { fail(s); return; }
        } else {
            s->row = s->row_counter;
            s->col = s->col_counter + 1;
        }
        s->col_counter = s->col;
        /* Strictly after the cell before: no address repeats, so no later cell replaces an earlier one. */
        if (s->row < s->last_row || (s->row == s->last_row && s->col <= s->last_col)) { fail(s); return; }
        s->last_row = s->row;
        s->last_col = s->col;
        if (s->col > s->max_col) s->max_col = s->col;
        s->style = 0;
        if (st && *st && !parse_uint(st, &s->style)) { fail(s); return; }
        if (!t || !*t) t = "n";
        int known = 0;
        for (int i = 0; KINDS[i]; i++) if (strcmp(t, KINDS[i]) == 0) known = 1;
        if (!known) { fail(s); return; }
        strcpy(s->kind, t);
        s->children = 0;
        s->has_v = s->has_f = s->has_inline = 0;
        s->in_is = 0;
    } else if (level == 2) {
        s->children++;
        if (strcmp(name, NS "v") == 0) {
            if (!s->has_v) { s->capture = CAP_V; s->capture_depth = depth; s->text.len = 0; }
        } else if (strcmp(name, NS "f") == 0) {
            if (!s->has_f) {
                if (!s->has_ref) { fail(s); return; }  /* a shared formula needs the cell's address */
                const char *ft = attr(atts, "t"), *si = attr(atts, "si");
                s->f_type = ft ? PyUnicode_DecodeUTF8(ft, (Py_ssize_t)strlen(ft), "strict") : Py_NewRef(Py_None);
                s->f_si = si ? PyUnicode_DecodeUTF8(si, (Py_ssize_t)strlen(si), "strict") : Py_NewRef(Py_None);
                if (!s->f_type || !s->f_si) { fail(s); return; }
                s->capture = CAP_F; s->capture_depth = depth; s->text.len = 0;
            }
        } else if (strcmp(name, NS "is") == 0) {
            if (!s->has_inline && strcmp(s->kind, "inlineStr") == 0) { s->in_is = depth + 1; s->text.len = 0; }
        }
    } else if (s->in_is && depth == s->in_is) {
        if (strcmp(name, NS "t") == 0) {
            s->capture = CAP_T; s->capture_depth = depth; s->text.len = 0;
        } else if (strcmp(name, NS "r") == 0) {
            fail(s);  /* a rich string: the tree reader joins its runs */
        }
        /* <rPh>, <phoneticPr>: left out, as openpyxl leaves them out */
    }
}

static void XMLCALL on_end(void *user, const XML_Char *name) {
    Scan *s = (Scan *)user;
    if (s->failed) return;
    int depth = --s->depth;
    if (s->capture != CAP_NONE && depth == s->capture_depth) {
        PyObject *o = text_value(s);
        if (!o) { fail(s); return; }
        if (s->capture == CAP_V) { s->v = o; s->has_v = 1; }
        else if (s->capture == CAP_F) { s->f_text = o; s->has_f = 1; }
        else { Py_XSETREF(s->inline_text, o); }  /* the last plain <t> of the string, as openpyxl */
        s->capture = CAP_NONE;
        return;
    }
    if (s->in_is && depth == s->in_is - 1) {  /* the end of the first <is> */
        s->has_inline = 1;
        if (!s->inline_text && !(s->inline_text = PyUnicode_FromStringAndSize("", 0))) fail(s);
        s->in_is = 0;
        return;
    }
    if (!s->in_sheet_data) return;
    if (depth == s->in_sheet_data - 1) { s->in_sheet_data = 0; return; }
    if (depth - s->in_sheet_data != 1) return;  /* only the end of a cell matters */
    PyObject *style = PyLong_FromLong(s->style);
    if (!style || PySet_Add(s->styles, style) < 0) { Py_XDECREF(style); fail(s); return; }
    if (s->children == 0 && strcmp(s->kind, "n") == 0) { Py_DECREF(style); return; }  /* an empty cell */
    PyObject *cell = Py_BuildValue("(llNsOOOOOO)", s->row, s->col, style, s->kind,
                                   s->v ? s->v : Py_None, s->inline_text ? s->inline_text : Py_None,
                                   s->has_f ? Py_True : Py_False, s->f_text ? s->f_text : Py_None,
                                   s->f_type ? s->f_type : Py_None, s->f_si ? s->f_si : Py_None);
    Py_CLEAR(s->v); Py_CLEAR(s->inline_text); Py_CLEAR(s->f_text); Py_CLEAR(s->f_type); Py_CLEAR(s->f_si);
    if (!cell || PyList_Append(s->cells, cell) < 0) { Py_XDECREF(cell); fail(s); return; }
    Py_DECREF(cell);
}

static void XMLCALL on_text(void *user, const XML_Char *data, int len) {
    Scan *s = (Scan *)user;
    if (s->failed || s->capture == CAP_NONE) return;
    if (buf_add(&s->text, data, len) < 0) fail(s);
}

static PyObject *scan(PyObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    if (view.len > INT_MAX) { PyBuffer_Release(&view); Py_RETURN_NONE; }
    Scan s;
    memset(&s, 0, sizeof s);
    s.cells = PyList_New(0);
    s.merges = PyList_New(0);
    s.styles = PySet_New(NULL);
    PyObject *result = NULL;
    if (!s.cells || !s.merges || !s.styles) goto done;
    s.parser = capi->ParserCreate_MM(NULL, NULL, "}");
    if (!s.parser) { PyErr_NoMemory(); goto done; }
    /* As ElementTree's parser: Python's hash secret salts expat's tables against crafted collisions. */
    if (capi->SetHashSalt) capi->SetHashSalt(s.parser, (unsigned long)_Py_HashSecret.expat.hashsalt);
    capi->SetUserData(s.parser, &s);
    capi->SetElementHandler(s.parser, on_start, on_end);
    capi->SetCharacterDataHandler(s.parser, on_text);
    int ok = capi->Parse(s.parser, view.buf, (int)view.len, 1) == XML_STATUS_OK;
    capi->ParserFree(s.parser);
    if (PyErr_Occurred()) PyErr_Clear();  /* a failed conversion gave up the scan; the caller reads it */
    if (!ok || s.failed) { result = Py_NewRef(Py_None); goto done; }
    result = Py_BuildValue("(llOOO)", s.last_row, s.max_col, s.cells, s.merges, s.styles);
done:
    Py_XDECREF(s.v); Py_XDECREF(s.inline_text); Py_XDECREF(s.f_text); Py_XDECREF(s.f_type); Py_XDECREF(s.f_si);
    Py_XDECREF(s.cells); Py_XDECREF(s.merges); Py_XDECREF(s.styles);
    PyMem_Free(s.text.data);
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_O, "The cells of a worksheet part in its plain shape, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_sheetscan", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__sheetscan(void) {
    capi = (struct PyExpat_CAPI *)PyCapsule_Import(PyExpat_CAPSULE_NAME, 0);
    if (!capi) return NULL;
    if (strcmp(capi->magic, PyExpat_CAPI_MAGIC) != 0 || (size_t)capi->size < sizeof(struct PyExpat_CAPI)) {
        PyErr_SetString(PyExc_ImportError, "pyexpat C API version mismatch");
        return NULL;
    }
    return PyModule_Create(&module);
}
