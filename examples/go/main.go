// Command normalise posts one scraped page to the article normaliser service (standard library
// only) and prints the title, the publication date and the number of history entries.
//
//	NORMALISER_URL=http://localhost:8000 go run . page.txt
//
// The page file's bytes are sent unchanged as text/plain (the service reads UTF-8, or the
// encoding a byte-order mark names), or as text/html when the file is named *.html or *.htm
// (the service finds the main content and reads the charset the document declares).
// NORMALISER_API_KEY, when set, is sent as
// "Authorization: Bearer <key>"; REFERENCE_TIME as the scrape time. Any failure (a file that
// cannot be read, a refused page, a service that cannot be reached) is one line on stderr and
// exit status 1; a usage mistake exits 2.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Timestamp is a resolved time: value is the best estimate, [earliest, latest] the interval
// that surely holds the true instant.
type Timestamp struct {
	Text     string `json:"text"`
	Value    string `json:"value"`
	Earliest string `json:"earliest"`
	Latest   string `json:"latest"`
}

// Article holds the fields of a normalised article this client uses.
type Article struct {
	Title     *string    `json:"title"`
	Source    *string    `json:"source"`
	Published *Timestamp `json:"published"`
	History   []struct {
		Title string `json:"title"`
	} `json:"history"`
}

// Problem is the RFC 9457 error body the service answers with.
type Problem struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// contentType is text/html for an HTML file (by its name), else text/plain.
func contentType(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "text/html"
	}
	return "text/plain"
}

func normalise(client *http.Client, baseURL string, page []byte, mediaType, referenceTime, apiKey string) (*Article, error) {
	endpoint, err := url.Parse(strings.TrimRight(baseURL, "/") + "/v1/normalise")
	if err != nil {
		return nil, err
	}
	if referenceTime != "" {
		endpoint.RawQuery = url.Values{"reference_time": {referenceTime}}.Encode()
	}
	req, err := http.NewRequest(http.MethodPost, endpoint.String(), bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mediaType)
	req.Header.Set("Accept", "application/json")
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	resp, err := client.Do(req)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("cannot reach %s: %v", baseURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var problem Problem
		_ = json.Unmarshal(body, &problem)
		return nil, fmt.Errorf("%d %s: %s", resp.StatusCode, problem.Title, problem.Detail)
	}
	var article Article
	if err := json.Unmarshal(body, &article); err != nil {
		return nil, err
	}
	return &article, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: normalise PAGE_FILE   (service at $NORMALISER_URL)")
		os.Exit(2)
	}
	page, err := os.ReadFile(os.Args[1]) // the bytes, unchanged
	if err != nil {
		reason := err
		var pathErr *os.PathError
		if errors.As(err, &pathErr) {
			reason = pathErr.Err
		}
		fmt.Fprintf(os.Stderr, "normalise failed: cannot read %s: %v\n", os.Args[1], reason)
		os.Exit(1)
	}
	baseURL := os.Getenv("NORMALISER_URL")
	if baseURL == "" {
		baseURL = "http://localhost:8000"
	}
	client := &http.Client{Timeout: 30 * time.Second}
	article, err := normalise(
		client, baseURL, page, contentType(os.Args[1]),
		os.Getenv("REFERENCE_TIME"), os.Getenv("NORMALISER_API_KEY"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "normalise failed:", err)
		os.Exit(1)
	}
	title, published := "(none)", "(unknown)"
	if article.Title != nil {
		title = *article.Title
	}
	if article.Published != nil {
		published = article.Published.Value
	}
	fmt.Printf("title: %s\npublished: %s\nhistory: %d\n", title, published, len(article.History))
}
