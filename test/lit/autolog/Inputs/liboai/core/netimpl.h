#pragma once
// Stands in for D7EAD/liboai's core/netimpl.h in the lit tests (liboai's headers use #pragma
// once; LIBOAI_EXPORT, defined here as by its core/response.h, marks them).
#if defined(__linux__) || defined(__APPLE__)
#define LIBOAI_EXPORT
#endif
