#ifndef FEEDWATCH_CSTEMMER_SHIM_H
#define FEEDWATCH_CSTEMMER_SHIM_H
#include <libstemmer.h>

/// Asks the processor to start loading the cache line holding `address` into its caches, without
/// waiting for it: the classifier's tables are larger than a core's L2 cache, and loading a line a
/// few words before it is read hides most of the miss. A hint only: it cannot fault or change data.
/// (Swift has no prefetch intrinsic; this is here because the classifier already imports this module.)
static inline void feedwatch_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
