package web

import (
	"encoding/json"
	"fmt"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// stringSerializer encodes the session cookie's values (string keys and
// values only: a token) and the flash message as JSON. securecookie's default,
// gob, builds a decoder for every cookie it reads, which cost more than the
// database read of the session on every request.
type stringSerializer struct{}

func (stringSerializer) Serialize(src any) ([]byte, error) {
	switch v := src.(type) {
	case map[any]any:
		m := make(map[string]string, len(v))
		for k, val := range v {
			ks, ok1 := k.(string)
			vs, ok2 := val.(string)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("session cookie holds only strings, not %T: %T", k, val)
			}
			m[ks] = vs
		}
		return json.Marshal(m)
	case string:
		return json.Marshal(v)
	}
	return nil, fmt.Errorf("cookie value of type %T", src)
}

func (stringSerializer) Deserialize(src []byte, dst any) error {
	switch d := dst.(type) {
	case *map[any]any:
		var m map[string]string
		if err := json.Unmarshal(src, &m); err != nil {
			return err
		}
		for k, v := range m {
			(*d)[k] = v
		}
		return nil
	case *string:
		return json.Unmarshal(src, d)
	}
	return fmt.Errorf("cookie value into %T", dst)
}

// useStringSerializer makes the store's codecs encode with stringSerializer.
func useStringSerializer(store *sessions.CookieStore) {
	for _, c := range store.Codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(stringSerializer{})
		}
	}
}
