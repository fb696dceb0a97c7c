#ifndef FEEDWATCH_CSTEMMER_SHIM_H
#define FEEDWATCH_CSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
