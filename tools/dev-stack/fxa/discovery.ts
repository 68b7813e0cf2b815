/** The OpenID Connect discovery document for an issuer URL. */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorization`,
    token_endpoint: `${issuer}/v1/token`,
    userinfo_endpoint: `${issuer}/v1/profile`,
    revocation_endpoint: `${issuer}/v1/destroy`,
    introspection_endpoint: `${issuer}/v1/introspect`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['profile', 'https://identity.mozilla.com/apps/secure-proxy'],
    token_endpoint_auth_methods_supported: ['none'],
  };
}
