#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
// wrapper per kind of argument.
static inline CURLcode connectd_curl_long(CURL *curl, CURLoption option, long value) { return curl_easy_setopt(curl, option, value); }
static inline CURLcode connectd_curl_offset(CURL *curl, CURLoption option, curl_off_t value) { return curl_easy_setopt(curl, option, value); }
static inline CURLcode connectd_curl_string(CURL *curl, CURLoption option, const char *value) { return curl_easy_setopt(curl, option, value); }
static inline CURLcode connectd_curl_pointer(CURL *curl, CURLoption option, void *value) { return curl_easy_setopt(curl, option, value); }
static inline CURLcode connectd_curl_list(CURL *curl, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(curl, option, value); }
typedef size_t (*connectd_curl_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode connectd_curl_function(CURL *curl, CURLoption option, connectd_curl_callback value) { return curl_easy_setopt(curl, option, value); }
static inline long connectd_curl_response_code(CURL *curl) { long code = 0; curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code); return code; }
static inline const char *connectd_curl_effective_url(CURL *curl) { char *url = 0; curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url); return url; }
typedef int (*connectd_curl_prereq)(void *context, char *primary_ip, char *local_ip, int primary_port, int local_port);
static inline CURLcode connectd_curl_prereq_function(CURL *curl, connectd_curl_prereq value) { return curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, value); }
