#ifndef CGSSAPI_SHIM_H
#define CGSSAPI_SHIM_H
#include <krb5.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <gssapi/gssapi_ext.h>

/* Macros, cast constants and C globals that Swift 6 cannot import (or rejects as not
   concurrency-safe) are exposed as inline accessors. */
static inline OM_uint32 cgss_s_complete(void) { return GSS_S_COMPLETE; }
static inline OM_uint32 cgss_s_continue_needed(void) { return GSS_S_CONTINUE_NEEDED; }
static inline OM_uint32 cgss_is_error(OM_uint32 major) { return GSS_ERROR(major); }
static inline OM_uint32 cgss_routine_error(OM_uint32 major) { return GSS_ROUTINE_ERROR(major); }
static inline OM_uint32 cgss_c_indefinite(void) { return GSS_C_INDEFINITE; }
static inline gss_OID cgss_nt_krb5_principal(void) { return (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME; }
static inline gss_OID cgss_nt_hostbased_service(void) { return GSS_C_NT_HOSTBASED_SERVICE; }
static inline gss_OID cgss_mech_krb5(void) { return (gss_OID)gss_mech_krb5; }
/* MIT exports no SPNEGO OID constant: 1.3.6.1.5.5.2 */
static inline gss_OID cgss_mech_spnego(void) {
    static gss_OID_desc spnego = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
    return &spnego;
}
static inline gss_OID_set cgss_no_oid_set(void) { return GSS_C_NO_OID_SET; }
static inline gss_cred_id_t cgss_no_credential(void) { return GSS_C_NO_CREDENTIAL; }
static inline gss_ctx_id_t cgss_no_context(void) { return GSS_C_NO_CONTEXT; }
static inline gss_name_t cgss_no_name(void) { return GSS_C_NO_NAME; }
static inline int cgss_gss_code(void) { return GSS_C_GSS_CODE; }
static inline int cgss_mech_code(void) { return GSS_C_MECH_CODE; }
/* krb5 error codes that the Kerberos module turns into actionable messages. */
static inline krb5_error_code cgss_err_kdc_unreach(void) { return KRB5_KDC_UNREACH; }
static inline krb5_error_code cgss_err_clock_skew(void) { return KRB5KRB_AP_ERR_SKEW; }
static inline krb5_error_code cgss_err_kt_notfound(void) { return KRB5_KT_NOTFOUND; }
static inline krb5_error_code cgss_err_kt_noent(void) { return KRB5_KT_NOTFOUND; }
static inline krb5_error_code cgss_err_server_unknown(void) { return KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN; }
static inline krb5_error_code cgss_err_client_unknown(void) { return KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN; }
static inline krb5_error_code cgss_err_preauth_failed(void) { return KRB5KDC_ERR_PREAUTH_FAILED; }
static inline krb5_error_code cgss_err_integrity(void) { return KRB5KRB_AP_ERR_BAD_INTEGRITY; }
static inline krb5_error_code cgss_err_tkt_expired(void) { return KRB5KRB_AP_ERR_TKT_EXPIRED; }
static inline krb5_error_code cgss_err_realm_unknown(void) { return KRB5_REALM_UNKNOWN; }
static inline krb5_error_code cgss_err_no_realm_kdc(void) { return KRB5_REALM_CANT_RESOLVE; }
static inline krb5_error_code cgss_err_kt_kvno_notfound(void) { return KRB5_KT_KVNONOTFOUND; }

#endif
