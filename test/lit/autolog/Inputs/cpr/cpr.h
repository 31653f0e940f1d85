// Stands in for libcpr/cpr's cpr/cpr.h in the lit tests.
#ifndef CPR_CPR_H
#define CPR_CPR_H
#include "cpr/api.h"
#include "cpr/session.h"
#endif
