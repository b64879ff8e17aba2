package web

// CachedBodies is how many page bodies renderCached holds.
func (s *Server) CachedBodies() int { return s.bodies.Len() }
