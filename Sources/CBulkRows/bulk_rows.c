// casedesk_rows(?): rows packed by the demo load's generating threads, read by one INSERT … SELECT
// per table and transaction. One statement for thousands of rows keeps SQLite's cursor on the
// table's last page between rows, instead of a statement run (and a descent from the root) per row.
#include <sqlite3.h>
#include "CBulkRows.h"
#include <stdio.h>
#include <string.h>

static const char *const pointer_type = "casedesk_rows";

typedef struct {
    sqlite3_vtab base;
} bulk_table;

typedef struct {
    sqlite3_vtab_cursor base;
    const cd_bulk_rows *rows;
    int64_t row;
} bulk_cursor;

// Columns: c0 … c39, pos, blob, then the hidden argument.
enum { COLUMN_POS = CD_BULK_MAX_COLUMNS, COLUMN_BLOB, COLUMN_ROWS };

static int bulk_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **table, char **error) {
    (void)aux; (void)argc; (void)argv; (void)error;
    char schema[1024] = "CREATE TABLE x(";
    for (int column = 0; column < CD_BULK_MAX_COLUMNS; column++) {
        char name[16];
        snprintf(name, sizeof name, "c%d, ", column);
        strcat(schema, name);
    }
    strcat(schema, "pos, blob, rows HIDDEN)");
    int code = sqlite3_declare_vtab(db, schema);
    if (code != SQLITE_OK) return code;
    bulk_table *made = sqlite3_malloc(sizeof *made);
    if (!made) return SQLITE_NOMEM;
    memset(made, 0, sizeof *made);
    *table = &made->base;
    return SQLITE_OK;
}

static int bulk_disconnect(sqlite3_vtab *table) {
    sqlite3_free(table);
    return SQLITE_OK;
}

// Only a plan that is given the rows argument will do.
static int bulk_best_index(sqlite3_vtab *table, sqlite3_index_info *info) {
    (void)table;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *constraint = &info->aConstraint[i];
        if (constraint->iColumn == COLUMN_ROWS && constraint->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!constraint->usable) return SQLITE_CONSTRAINT;
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 1;
            info->estimatedRows = 1000;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int bulk_open(sqlite3_vtab *table, sqlite3_vtab_cursor **cursor) {
    (void)table;
    bulk_cursor *made = sqlite3_malloc(sizeof *made);
    if (!made) return SQLITE_NOMEM;
    memset(made, 0, sizeof *made);
    *cursor = &made->base;
    return SQLITE_OK;
}

static int bulk_close(sqlite3_vtab_cursor *cursor) {
    sqlite3_free(cursor);
    return SQLITE_OK;
}

static int bulk_filter(sqlite3_vtab_cursor *base, int plan, const char *planText, int argc, sqlite3_value **argv) {
    (void)plan; (void)planText;
    bulk_cursor *cursor = (bulk_cursor *)base;
    cursor->rows = argc > 0 ? sqlite3_value_pointer(argv[0], pointer_type) : NULL;
    cursor->row = 0;
    if (cursor->rows && (cursor->rows->column_count < 0 || cursor->rows->column_count > CD_BULK_MAX_COLUMNS)) {
        cursor->base.pVtab->zErrMsg = sqlite3_mprintf("casedesk_rows: %d values per row (at most %d)",
                                                      cursor->rows->column_count, CD_BULK_MAX_COLUMNS);
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}

static int bulk_next(sqlite3_vtab_cursor *base) {
    ((bulk_cursor *)base)->row++;
    return SQLITE_OK;
}

static int bulk_eof(sqlite3_vtab_cursor *base) {
    bulk_cursor *cursor = (bulk_cursor *)base;
    return cursor->rows == NULL || cursor->row >= cursor->rows->row_count;
}

static int bulk_column(sqlite3_vtab_cursor *base, sqlite3_context *context, int column) {
    bulk_cursor *cursor = (bulk_cursor *)base;
    const cd_bulk_rows *rows = cursor->rows;
    if (column == COLUMN_POS) {
        sqlite3_result_int64(context, rows->first_position + cursor->row);
    } else if (column == COLUMN_BLOB) {
        if (rows->blobs && rows->blob_size > 0) {
            sqlite3_result_blob(context, rows->blobs + cursor->row * rows->blob_size, rows->blob_size, SQLITE_STATIC);
        } else {
            sqlite3_result_null(context);
        }
    } else if (column < rows->column_count) {
        const cd_packed_value *value = &rows->values[cursor->row * rows->column_count + column];
        switch (value->kind) {
        case CD_INTEGER:
            sqlite3_result_int64(context, value->value);
            break;
        case CD_TEXT:
            sqlite3_result_text(context, (const char *)rows->bytes + value->value, value->count, SQLITE_STATIC);
            break;
        default:
            sqlite3_result_null(context);
        }
    } else {
        sqlite3_result_null(context);
    }
    return SQLITE_OK;
}

static int bulk_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid) {
    *rowid = ((bulk_cursor *)base)->row;
    return SQLITE_OK;
}

static sqlite3_module bulk_module = {
    .iVersion = 0,
    .xCreate = NULL,  // eponymous only: `casedesk_rows(?)` needs no CREATE VIRTUAL TABLE
    .xConnect = bulk_connect,
    .xBestIndex = bulk_best_index,
    .xDisconnect = bulk_disconnect,
    .xOpen = bulk_open,
    .xClose = bulk_close,
    .xFilter = bulk_filter,
    .xNext = bulk_next,
    .xEof = bulk_eof,
    .xColumn = bulk_column,
    .xRowid = bulk_rowid,
};

int cd_bulk_rows_register(sqlite3 *db) {
    return sqlite3_create_module(db, "casedesk_rows", &bulk_module, NULL);
}

int cd_bulk_rows_bind(sqlite3_stmt *statement, int index, const cd_bulk_rows *rows) {
    return sqlite3_bind_pointer(statement, index, (void *)rows, pointer_type, NULL);
}
