/*
 * BSML_API: marks the C API's functions. The core and the batch engine are compiled with hidden
 * symbol visibility (GCC and clang), so that a shared object made from them (the Node addon, or a
 * user's own .so with the static libraries linked whole) exports the C API and nothing of the
 * C++ inside. Define BSML_API (e.g. empty) before including a bsml header to override it: the
 * Node addon defines it empty, so that it exports only its Node-API entry point.
 */
#ifndef BSML_EXPORT_H
#define BSML_EXPORT_H

#ifndef BSML_API
#if (defined(__GNUC__) || defined(__clang__)) && !defined(_WIN32)
#define BSML_API __attribute__((visibility("default")))
#else
#define BSML_API
#endif
#endif

#endif /* BSML_EXPORT_H */
