// libpq, PostgreSQL's reference client library, for Swift. Debian keeps the header under
// /usr/include/postgresql (package libpq-dev); only the PostgreSQL backend of CaseStore imports it.
#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

#include <postgresql/libpq-fe.h>

#endif
