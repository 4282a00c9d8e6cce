"""What the completer offers besides the catalog: operators, keywords, option values, chart
kinds and the parameter names of common functions (the registry knows only arities)."""
from __future__ import annotations

# operator -> one-line description (the tabular operators the compiler runs)
OPERATORS = {
    "where": "filter rows by a predicate",
    "project": "choose, rename and compute columns",
    "project-away": "drop columns",
    "project-keep": "keep only the named columns",
    "project-rename": "rename columns",
    "project-reorder": "reorder columns",
    "extend": "add computed columns",
    "summarize": "aggregate rows by groups",
    "count": "count the rows",
    "take": "any N rows",
    "limit": "any N rows",
    "sort": "sort by columns (sort by X desc)",
    "order": "sort by columns (order by X desc)",
    "top": "the first N rows by a sort key",
    "top-nested": "hierarchical top N",
    "distinct": "distinct combinations of columns",
    "join": "join with another table",
    "lookup": "extend with columns looked up in a dimension table",
    "union": "rows of several tables",
    "mv-expand": "one row per element of a dynamic array or bag",
    "mv-apply": "apply a subquery to each row's array",
    "parse": "extract columns from text by a pattern",
    "parse-where": "parse, keeping only the rows that match",
    "parse-kv": "extract key/value pairs from text",
    "serialize": "fix the row order (for window functions)",
    "make-series": "aggregate into time series",
    "render": "draw a chart of the result",
    "sample": "N random rows",
    "sample-distinct": "N random distinct values",
    "search": "search text across columns",
    "getschema": "the result's column names and types",
    "as": "name the result for later reference",
    "invoke": "call a function on the table (FileProfile, ...)",
    "evaluate": "run a plugin (bag_unpack, pivot, narrow)",
    "facet": "counts per value of several columns",
    "consume": "run and discard the result",
}

# statement starts besides tables
STATEMENT_KEYWORDS = {
    "let": "bind a name to a value, a table or a function",
    "set": "set a query option (set notruncation;)",
    "union": "rows of several tables",
    "range": "a table of a series of values",
    "print": "a one-row table of expressions",
    "datatable": "an inline table",
    "search": "search text across tables",
    "find": "find rows across tables",
    "externaldata": "rows read from a URL",
    "evaluate": "run a plugin",
}

KIND_VALUES = {
    "join": ["innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftanti",
             "rightanti", "leftsemi", "rightsemi", "anti", "leftantisemi", "rightantisemi"],
    "lookup": ["leftouter", "inner"],
    "union": ["outer", "inner"],
    "mv-expand": ["bag", "array"],
    "mv-apply": ["bag", "array"],
    "parse": ["simple", "regex", "relaxed"],
    "parse-where": ["simple", "regex"],
    "render": ["default", "stacked", "stacked100", "unstacked", "grouped"],
}

CHARTS = ["timechart", "columnchart", "barchart", "piechart", "linechart", "areachart",
          "scatterchart", "table"]
RENDER_PROPERTIES = ["title", "xcolumn", "ycolumns", "series", "xtitle", "ytitle", "kind",
                     "legend", "ymin", "ymax", "xaxis", "yaxis"]
PLUGINS = {"bag_unpack": "one column per property of a dynamic bag",
           "pivot": "one column per value of a column",
           "narrow": "one row per cell (Row, Column, Value)"}

# infix operators offered after an operand inside an expression
INFIX = ["and", "or", "==", "!=", "=~", "!~", "has", "!has", "has_cs", "has_any", "has_all",
         "contains", "!contains", "contains_cs", "startswith", "!startswith", "endswith",
         "!endswith", "hasprefix", "hassuffix", "in", "!in", "in~", "!in~", "matches regex",
         "between", "!between", "like"]

# per operator: the keywords that may follow an operand
FOLLOW_KEYWORDS = {
    "summarize": ["by"], "make-series": ["default", "on", "from", "to", "step", "by"],
    "sort": ["asc", "desc", "nulls first", "nulls last"],
    "order": ["asc", "desc", "nulls first", "nulls last"],
    "top": ["by", "asc", "desc"], "join": ["on"], "lookup": ["on"],
    "mv-expand": ["to typeof(", "limit"], "parse": ["with"], "parse-where": ["with"],
    "render": ["with ("], "top-nested": ["of", "by", "with others"],
    "distinct": [], "project": [], "extend": [], "where": [],
}

AGGREGATE_OPERATORS = frozenset({"summarize", "make-series", "top-nested"})
COLUMNLESS_OPERATORS = frozenset({"as", "getschema", "consume", "count", "sample",
                                  "render"})

# parameter names of frequently used functions; the rest get generic names from the arity
SIGNATURES = {
    "ago": "timespan", "now": "", "bin": "value, roundTo", "floor": "value, roundTo",
    "datetime_diff": "period, datetime1, datetime2", "datetime_add": "period, amount, datetime",
    "format_datetime": "datetime, format", "startofday": "date[, offset]",
    "strlen": "source", "tolower": "source", "toupper": "source", "tostring": "value",
    "toint": "value", "tolong": "value", "todouble": "value", "toreal": "value",
    "todatetime": "value", "totimespan": "value", "tobool": "value",
    "substring": "source, startingIndex[, length]", "strcat": "arg1, arg2, ...",
    "strcat_delim": "delimiter, arg1, arg2, ...", "split": "source, delimiter[, requestedIndex]",
    "replace_string": "text, lookup, rewrite", "replace_regex": "source, lookup_regex, rewrite",
    "extract": "regex, captureGroup, source[, typeLiteral]", "extract_all": "regex, [groups,] source",
    "parse_json": "json", "todynamic": "json", "parse_url": "url", "parse_path": "path",
    "parse_command_line": "command_line, parser", "parse_ipv4": "ip",
    "ipv4_is_private": "ip", "ipv4_is_in_range": "ip, range", "isnotempty": "value",
    "isempty": "value", "isnull": "value", "isnotnull": "value", "iff": "condition, then, else",
    "iif": "condition, then, else", "case": "predicate1, then1, ..., else",
    "coalesce": "arg1, arg2, ...", "array_length": "array", "bag_keys": "bag",
    "pack": "key1, value1, ...", "bag_pack": "key1, value1, ...", "pack_array": "value1, ...",
    "array_concat": "array1, array2, ...", "set_difference": "set1, set2, ...",
    "countof": "source, search[, kind]", "trim": "regex, source", "indexof": "source, lookup",
    "count": "", "countif": "predicate", "dcount": "expr[, accuracy]", "dcountif": "expr, predicate",
    "sum": "expr", "sumif": "expr, predicate", "avg": "expr", "min": "expr", "max": "expr",
    "arg_max": "maximize, *|cols", "arg_min": "minimize, *|cols", "make_set": "expr[, maxSize]",
    "make_list": "expr[, maxSize]", "make_bag": "bag[, maxSize]", "take_any": "expr, ...",
    "percentile": "expr, percentile", "stdev": "expr", "variance": "expr",
    "prev": "column[, offset, default]", "next": "column[, offset, default]",
    "row_number": "[start, restart]", "row_cumsum": "term[, restart]",
    "hash_sha256": "source", "base64_decode_tostring": "base64", "url_decode": "encoded",
    "geo_info_from_ip_address": "ip", "format_timespan": "timespan, format",
}
