#ifndef FEEDWATCH_CGLIBCMALLOC_SHIM_H
#define FEEDWATCH_CGLIBCMALLOC_SHIM_H
// glibc's allocator controls (malloc_trim, mallopt), which Swift's Glibc module does not export.
#include <malloc.h>
#endif
