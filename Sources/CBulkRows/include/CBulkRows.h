#ifndef CBULKROWS_H
#define CBULKROWS_H

#include <stdint.h>

// SQLite's handles, declared here only (the module that maps sqlite3.h is GRDB's).
struct sqlite3;
struct sqlite3_stmt;

/// One packed value: NULL, an integer, or text as a span of the rows' byte buffer.
typedef struct {
    int32_t kind;      ///< CD_NULL, CD_INTEGER or CD_TEXT
    int32_t count;     ///< text: its length in bytes
    int64_t value;     ///< integer: the value; text: its offset in `bytes`
} cd_packed_value;

enum { CD_NULL = 0, CD_INTEGER = 1, CD_TEXT = 2 };

/// Rows for one INSERT … SELECT: `row_count` rows of `column_count` packed values each (read as
/// columns c0, c1, …), plus per row a position (`first_position` + the row's index, column `pos`)
/// and optionally a blob of `blob_size` bytes (column `blob`). Everything must stay in place while
/// the statement runs.
typedef struct {
    const cd_packed_value *values;
    const uint8_t *bytes;
    int64_t row_count;
    int32_t column_count;
    int32_t blob_size;
    int64_t first_position;
    const uint8_t *blobs;
} cd_bulk_rows;

/// The most packed values a row may have (columns c0 … c39).
#define CD_BULK_MAX_COLUMNS 40

/// Registers the table-valued function `casedesk_rows(?)` on the connection: its argument is a
/// `cd_bulk_rows` bound with sqlite3_bind_pointer under the type "casedesk_rows".
int cd_bulk_rows_register(struct sqlite3 *db);

/// Binds `rows` to parameter `index` of `statement` for `casedesk_rows(?)`.
int cd_bulk_rows_bind(struct sqlite3_stmt *statement, int index, const cd_bulk_rows *rows);

#endif
