package web

import "net/http"

// publicRoutes is the route table of the pages anyone may read without
// signing in: the practice's published policy.
func (s *Server) publicRoutes() http.Handler {
	return http.NotFoundHandler()
}
