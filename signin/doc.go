// Package signin says who is using the web console and what they may do.
//
// People sign in with the organisation's OpenID Connect provider
// (authorization code flow with PKCE; groups map to roles) or, for
// air-gapped installs, with a local users file of argon2id or bcrypt
// hashes. Either way the result is a Person with a name and Roles: viewer
// reads, responder and privacy each add their verbs, admin has them all.
//
// Sessions are stateless: a cookie holding the name, roles and times,
// signed with HMAC-SHA256 under a key kept in a file. It expires after a
// while idle and after a maximum age; a tampered or expired cookie counts
// as signed out. Signing out removes the cookie; a copy of it stays valid
// until it expires, so keep the lifetimes short where that matters.
//
// Middleware refuses cross-site requests with unsafe methods and puts the
// Person in the request context; Require guards a handler with a role.
// A page records each change on the timeline with Person.Name as the actor.
//
// Without any sign-in configured, every request is LoopbackPerson's, a
// viewer, and the console must listen on loopback (CheckListen).
package signin
