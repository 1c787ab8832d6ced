/* "quotes", \backslashes\, a comment end */ and a trigraph ??= ??/
#define STR "tab	here \"esc\" \\"
float mu = 1.0f; // µ, ünïcödé, 漢字
#define CONT a \
  b
'c' "unterminated \