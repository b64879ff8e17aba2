package watchlist

import "strings"

// Reading the document and registration numbers that OFAC (in remarks) and
// the CSL (in its ids column) write as text.

// idSplitNumber splits "A123 (Stuttgart) (Germany) issued 2010" into the
// number and the last parenthesised part before any issued/expires note.
func idSplitNumber(s string) (number, country string) {
	for _, cut := range []string{" issued ", " expires ", " Expires ", " Issued "} {
		if i := strings.Index(s, cut); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	i := strings.Index(s, " (")
	if i < 0 {
		return s, ""
	}
	number = strings.TrimSpace(s[:i])
	rest := strings.TrimSpace(s[i:])
	for strings.HasPrefix(rest, "(") {
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			break
		}
		if c := strings.TrimSpace(rest[1:j]); c != "" {
			country = c
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	return number, country
}

// idIMO turns OFAC's ways of writing a ship's IMO number
// ("Vessel Registration Identification IMO 9486910", "Identification
// Number IMO 9339301") into Identifier{Type: "IMO"}; an IMO company number
// becomes "IMO Company Number".
func idIMO(id Identifier) Identifier {
	n, ok := strings.CutPrefix(id.Number, "IMO ")
	if !ok {
		return id
	}
	n = strings.TrimSpace(n)
	if n == "" {
		return id
	}
	switch id.Type {
	case "Vessel Registration Identification", "Identification Number", "IMO":
		return Identifier{Type: "IMO", Number: n, Country: id.Country}
	case "Company Number":
		return Identifier{Type: "IMO Company Number", Number: n, Country: id.Country}
	}
	return id
}

// idTypes are the document and registration number labels used by
// OFAC (in remarks) and the CSL (in ids), as given by the lists.
var idTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range []string{
		// persons
		"Passport", "Diplomatic Passport", "Passport Booklet", "Stateless Person Passport",
		"British National Overseas Passport", "National ID No.", "National Foreign ID Number",
		"Identification Number", "Personal ID Card", "Citizen's Card Number", "Kenyan ID No.",
		"Turkish Identification Number", "UAE Identification", "Moroccan Personal ID No.",
		"Bosnian Personal ID No.", "Tazkira National ID Card", "Refugee ID Card", "Stateless Person ID Card",
		"Numero de Identidad", "CNP (Personal Numerical Code)", "N.I.E.", "D.N.I.", "Cedula No.",
		"C.U.R.P.", "C.U.R.P. #", "C.U.I.", "C.U.I.P.", "C.U.I.T.", "I.F.E.", "Credencial electoral",
		"Cartilla de Servicio Militar Nacional", "Electoral Registry No.", "Driver's License No.",
		"Birth Certificate Number", "Travel Document Number", "Residency Number", "Romanian Permanent Resident",
		"VisaNumberID", "Immigration No.", "Public Security and Immigration No.", "SRE Permit No.",
		"Seafarer's Identification Document", "Pilot License Number", "SSN",
		// tax
		"Tax ID No.", "R.F.C.", "R.F.C. #", "RFC", "NIT #", "RUC #", "RIF #", "RTN", "US FEIN",
		"Italian Fiscal Code", "Fiscal Code", "Paraguayan tax identification number",
		"Numero Unico de Identificacao Tributaria (NUIT)", "Romanian Tax Registration", "V.A.T. Number",
		"C.I.F.", "RSIN",
		// organisations
		"Registration Number", "Registration ID", "Business Registration Number",
		"Business Registration Document #", "Public Registration Number", "Commercial Registry Number",
		"Company Number", "UK Company Number", "Enterprise Number", "Branch Unit Number", "Business Number",
		"C.R. No.", "Romanian C.R.", "Certificate of Incorporation Number", "Chamber of Commerce Number",
		"Istanbul Chamber of Comm. No.", "Dubai Chamber of Commerce Membership No.",
		"Central Registration System Number", "Government Gazette Number", "Economic Register Number (CBLS)",
		"Folio Mercantil No.", "Matricula Mercantil No", "Trade License No.", "License", "Tourism License No.",
		"Afghan Money Service Provider License Number", "MSB Registration Number", "Registered Charity No.",
		"Unified Social Credit Code (USCC)", "United Social Credit Code Certificate (USCCC)", "Organization Code",
		"Legal Entity Number", "D-U-N-S Number", "SWIFT/BIC", "BIK (RU)", "ISIN", "Permit Number", "File Number",
		// vessels and aircraft
		"IMO", "Vessel Registration Identification", "MMSI", "Call Sign", "Other Vessel Call Sign",
		"Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Tail Number", "Previous Aircraft Tail Number",
		"Aircraft Mode S Transponder Code", "Aircraft Serial Identification",
		"Aircraft Construction Number (also called L/N or S/N or F/N)",
	} {
		m[t] = true
	}
	return m
}()

// idMaxLabel is the length of the longest label idType accepts.
const idMaxLabel = 80

// idType says whether label names an identifier, and the type to
// store ("Passport Booklet:" → "Passport Booklet").
func idType(label string) (string, bool) {
	label = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(label), ":"))
	if idTypes[label] {
		return label, true
	}
	if c, ok := strings.CutPrefix(label, "Digital Currency Address - "); ok && c != "" && !strings.ContainsAny(c, " ") {
		return label, true
	}
	return "", false
}
