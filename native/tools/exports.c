/* An empty unit: the bsml_exports test library (native/CMakeLists.txt) is the core linked whole
 * into a shared object, whose exported symbols ctest c_api_exports checks. */
typedef int bsml_exports_unit;
