// bsml_evaluate_large and bsml_verify_script's path for witnesses of more than BSML_MAX_STACK_SIZE
// items (bsml::verify_script_large): verify.cpp's cold parts, in a translation unit of their own
// (see verify.cpp), as the interpreter's span instantiation is (interpreter_span.cpp).
#define BSML_VERIFY_LARGE
#include "verify.cpp"
