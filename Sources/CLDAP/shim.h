#ifndef CLDAP_SHIM_H
#define CLDAP_SHIM_H
#define LDAP_DEPRECATED 0
#include <sys/time.h>
#include <ldap.h>

/* Cast macros and option setters with typed values, which Swift cannot import or call directly. */
static inline char *cldap_sasl_simple(void) { return LDAP_SASL_SIMPLE; }
static inline int cldap_set_int(LDAP *ld, int option, int value) { return ldap_set_option(ld, option, &value); }
static inline int cldap_set_string(LDAP *ld, int option, const char *value) { return ldap_set_option(ld, option, value); }
static inline int cldap_set_timeout(LDAP *ld, int option, long seconds) {
    struct timeval tv = { seconds, 0 };
    return ldap_set_option(ld, option, &tv);
}
static inline int cldap_set_global_int(int option, int value) { return ldap_set_option(NULL, option, &value); }
static inline int cldap_set_global_string(int option, const char *value) { return ldap_set_option(NULL, option, value); }
static inline LDAPControl **cldap_no_controls(void) { return NULL; }
#endif
