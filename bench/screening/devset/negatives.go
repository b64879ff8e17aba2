package devset

import (
	"math/rand/v2"
	"strings"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// culture holds common given names and surnames of one naming tradition.
type culture struct{ first, last []string }

var cultures = []culture{
	{ // English
		[]string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Emily", "Oliver", "Charlotte", "George"},
		[]string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "Wright", "Baker"},
	},
	{ // German
		[]string{"Hans", "Jürgen", "Klaus", "Stefan", "Andreas", "Ursula", "Monika", "Sabine", "Katrin", "Wolfgang", "Dieter", "Günter", "Heike", "Lukas", "Lena"},
		[]string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder"},
	},
	{ // French
		[]string{"Jean", "Pierre", "Marie", "Nathalie", "Isabelle", "Philippe", "Sophie", "Nicolas", "Céline", "Julien", "Camille", "Antoine"},
		[]string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier"},
	},
	{ // Spanish / Latin American
		[]string{"José", "María", "Juan", "Carmen", "Antonio", "Francisco", "Lucía", "Javier", "Isabel", "Alejandro", "Pilar", "Diego", "Valentina", "Mateo"},
		[]string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz", "Moreno", "Álvarez", "Romero", "Navarro", "Torres"},
	},
	{ // Arabic
		[]string{"Omar", "Fatima", "Layla", "Karim", "Samir", "Nadia", "Rania", "Tarek", "Yasmin", "Hana", "Ziad", "Amira", "Bilal", "Salma"},
		[]string{"Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Hamdan", "Farouk", "Aziz", "Bakr", "Darwish", "Ghanem", "Jaber", "Qureshi", "Sabbagh"},
	},
	{ // Russian / Ukrainian
		[]string{"Ivan", "Olga", "Natalia", "Pavel", "Anna", "Maria", "Svetlana", "Irina", "Boris", "Galina", "Oksana", "Roman", "Kirill", "Anastasia"},
		[]string{"Smirnova", "Kuznetsova", "Popova", "Vasilyeva", "Pavlova", "Semenova", "Golubeva", "Vinogradova", "Bogdanova", "Vorobyova", "Fedorova", "Kovalenko", "Bondarenko", "Tkachenko"},
	},
	{ // Chinese
		[]string{"Wei", "Fang", "Xiu Ying", "Jing", "Min", "Jun", "Lei", "Yan", "Tao", "Xin", "Hui", "Ling", "Qiang", "Mei"},
		[]string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"},
	},
	{ // Indian
		[]string{"Aarav", "Priya", "Rahul", "Anjali", "Vikram", "Sunita", "Arjun", "Deepa", "Rohan", "Kavya", "Sanjay", "Meera", "Nikhil", "Pooja"},
		[]string{"Sharma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Joshi", "Mehta", "Chatterjee", "Desai", "Kapoor", "Malhotra"},
	},
	{ // Japanese / Korean
		[]string{"Haruto", "Yui", "Sota", "Aoi", "Kenji", "Yuki", "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Takeshi", "Sakura"},
		[]string{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kim", "Lee", "Park", "Choi", "Jung", "Kang"},
	},
	{ // Nordic / Dutch / Italian / Polish / Turkish / Portuguese
		[]string{"Lars", "Ingrid", "Sven", "Astrid", "Jan", "Femke", "Giulia", "Marco", "Francesca", "Piotr", "Agnieszka", "Mehmet", "Ayşe", "João", "Beatriz"},
		[]string{"Johansson", "Andersson", "Nilsson", "Hansen", "de Vries", "van Dijk", "Bakker", "Rossi", "Russo", "Ferrari", "Kowalski", "Nowak", "Yılmaz", "Demir", "Silva", "Santos"},
	},
}

var (
	companyPrefix = []string{"Bright Star", "Nordic", "Blue River", "Silver Oak", "Green Valley", "Summit", "Pacific", "Alpine", "Golden Gate", "Red Maple", "Northern Lights", "Sunrise", "Evergreen", "Coastal", "Highland", "Crystal Lake", "Iron Bridge", "Westfield", "Lakeside", "Maple Leaf", "Harbor", "Cedar", "Riverside", "Stonebridge", "Clearwater", "Oakridge", "Sunflower", "Meadow", "Falcon", "Heron"}
	companyTrade  = []string{"Logistics", "Timber", "Bakery", "Dental Clinic", "Software", "Furniture", "Textiles", "Printing", "Consulting", "Plumbing", "Catering", "Auto Parts", "Garden Supplies", "Packaging", "Optics", "Pharmacy", "Bookshop", "Coffee Roasters", "Dairy", "Insurance Brokers", "Architects", "Travel", "Electrical", "Farms", "Maschinenbau", "Brewery", "Hotels", "Media", "Ceramics", "Bicycles"}
	companyForm   = []string{"Ltd", "LLC", "GmbH", "AS", "AB", "S.A.", "S.r.l.", "B.V.", "Inc.", "Pty Ltd", "Oy", "SARL", "Co.", "", "Limited", "KG"}
)

// Negatives makes about n ordinary person and company names whose key is
// on no list (keys holds every list key).
func Negatives(keys map[string][]string, n int, rng *rand.Rand) []Case {
	var out []Case
	seen := map[string]bool{}
	add := func(name, variant string, kind watchlist.Kind) {
		k := matching.Key(name)
		if k == "" || seen[k] || len(keys[k]) > 0 {
			return
		}
		seen[k] = true
		out = append(out, Case{Query: matching.Query{Name: name, Kind: kind}, Variant: variant, Want: []string{}})
	}
	people, companies := (n+1)/2, n/2
	for tries := 0; len(out) < people && tries < 50*n; tries++ {
		c := cultures[rng.IntN(len(cultures))]
		name := c.first[rng.IntN(len(c.first))] + " " + c.last[rng.IntN(len(c.last))]
		if rng.IntN(4) == 0 { // a middle name from the same tradition
			name = c.first[rng.IntN(len(c.first))] + " " + name
		}
		add(name, "negative-person", watchlist.Individual)
	}
	for tries := 0; len(out) < people+companies && tries < 50*n; tries++ {
		var head string
		if rng.IntN(2) == 0 {
			head = companyPrefix[rng.IntN(len(companyPrefix))]
		} else {
			c := cultures[rng.IntN(len(cultures))]
			head = c.last[rng.IntN(len(c.last))]
		}
		name := head + " " + companyTrade[rng.IntN(len(companyTrade))]
		if f := companyForm[rng.IntN(len(companyForm))]; f != "" {
			name += " " + f
		}
		add(strings.TrimSpace(name), "negative-company", watchlist.Entity)
	}
	return out
}
