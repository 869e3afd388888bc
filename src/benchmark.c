/* benchmark.c - placeholder so the tree builds while the module is written */
#include "error.h"
